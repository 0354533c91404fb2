// Inline SVG charts, drawn here rather than by a charting library: nothing to download, nothing to keep patched, and
// every mark carries its own words. Each chart is an <svg role="group"> with a <title>; each mark is a focusable
// <g role="img"> whose aria-label (and <title>, the mouse tooltip) states the value in full, so the picture can be
// read with the keyboard and a screen reader, and a test can check what it says.

const SVG = 'http://www.w3.org/2000/svg';

/** s('rect', {x: 1}, child, ...): an SVG element; text children become text nodes, never markup. */
export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function chart(title, width, height, ...children) {
  return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': title, class: 'chart',
    preserveAspectRatio: 'xMinYMin meet' }, s('title', {}, title), ...children);
}

/** A mark that can be focused with Tab and says what it shows. */
function mark(label, className, ...children) {
  return s('g', { class: `mark ${className || ''}`.trim(), role: 'img', tabindex: 0, 'aria-label': label },
    s('title', {}, label), ...children);
}

const LABEL_WIDTH = 190;
const ROW = 28;

/** Truncates a label to what fits the label column (the full text is in the mark's title). */
const fit = (text, max = 28) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Horizontal bars from zero, in the order given: rows [{label, value, describe}], describe(row) the full sentence.
 * max is the value of a full-length bar (default: the largest value), format the text beside each bar.
 */
export function barChart(title, rows, { width = 640, max, format = (v) => v.toLocaleString() } = {}) {
  if (!rows.length) return null;
  const top = max ?? Math.max(...rows.map((r) => r.value), 1);
  const plot = width - LABEL_WIDTH - 70;
  return chart(title, width, rows.length * ROW + 8, rows.map((row, i) => {
    const y = 4 + i * ROW;
    const length = Math.max(1, (row.value / top) * plot);
    return mark(row.describe(row), `bar ${row.className || ''}`,
      s('text', { x: LABEL_WIDTH - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end', class: 'axis-label' }, fit(row.label)),
      s('rect', { x: LABEL_WIDTH, y: y + 4, width: length, height: ROW - 8, rx: 2, class: 'bar-fill' }),
      s('text', { x: LABEL_WIDTH + length + 6, y: y + ROW / 2 + 4, class: 'value-label' },
        format(row.value)));
  }));
}

/**
 * Bars from a centre line on a [-1, 1] scale: negative to the left (class negative), positive to the right.
 * rows [{label, value, describe}].
 */
export function divergingChart(title, rows, { width = 640 } = {}) {
  if (!rows.length) return null;
  const plot = width - LABEL_WIDTH - 20;
  const centre = LABEL_WIDTH + plot / 2;
  const half = plot / 2 - 40;
  const height = rows.length * ROW + 26;
  return chart(title, width, height,
    s('line', { x1: centre, x2: centre, y1: 0, y2: height - 18, class: 'axis' }),
    s('text', { x: centre - half, y: height - 4, 'text-anchor': 'middle', class: 'tick' }, '−1 negative'),
    s('text', { x: centre, y: height - 4, 'text-anchor': 'middle', class: 'tick' }, '0'),
    s('text', { x: centre + half, y: height - 4, 'text-anchor': 'middle', class: 'tick' }, 'positive +1'),
    rows.map((row, i) => {
      const y = 2 + i * ROW;
      const v = Math.max(-1, Math.min(1, row.value));
      const length = Math.max(1, Math.abs(v) * half);
      const negative = v < 0;
      const x = negative ? centre - length : centre;
      const text = (v > 0 ? '+' : '') + v.toFixed(2);
      return mark(row.describe(row), negative ? 'bar negative' : 'bar positive',
        s('text', { x: LABEL_WIDTH - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end', class: 'axis-label' }, fit(row.label)),
        s('rect', { x, y: y + 4, width: length, height: ROW - 8, rx: 2, class: 'bar-fill' }),
        s('text', { x: negative ? x - 6 : x + length + 6, y: y + ROW / 2 + 4, 'text-anchor': negative ? 'end' : 'start',
          class: 'value-label' }, text));
    }));
}

/**
 * A from → to matrix: rows are where customers came from, columns where they went next; the darker the cell, the more
 * moves. cells [{from, to, value}]; a pair not listed is drawn empty and says so.
 */
export function heatMap(title, cells, { describe, missing } = {}) {
  if (!cells.length) return null;
  const froms = [...new Set(cells.map((c) => c.from))].sort();
  const tos = [...new Set(cells.map((c) => c.to))].sort();
  const byPair = new Map(cells.map((c) => [`${c.from}→${c.to}`, c]));
  const max = Math.max(...cells.map((c) => c.value), 1);
  const left = 110;
  const top = 70;
  const size = 54;
  const width = left + tos.length * size + 10;
  const height = top + froms.length * size + 10;
  return chart(title, width, height,
    s('text', { x: left - 8, y: 14, 'text-anchor': 'end', class: 'tick' }, 'from ↓  to →'),
    tos.map((to, j) => s('text', {
      x: left + j * size + size / 2, y: top - 8, 'text-anchor': 'start', class: 'axis-label',
      transform: `rotate(-35 ${left + j * size + size / 2} ${top - 8})`,
    }, fit(to, 12))),
    froms.map((from, i) => [
      s('text', { x: left - 8, y: top + i * size + size / 2 + 4, 'text-anchor': 'end', class: 'axis-label' }, fit(from, 13)),
      tos.map((to, j) => {
        const cell = byPair.get(`${from}→${to}`);
        const x = left + j * size;
        const y = top + i * size;
        if (!cell) {
          return from === to ? s('rect', { x: x + 1, y: y + 1, width: size - 2, height: size - 2, class: 'cell same' })
            : mark(missing(from, to), 'cell empty', s('rect', { x: x + 1, y: y + 1, width: size - 2, height: size - 2 }));
        }
        const strength = cell.value / max;
        return mark(describe(cell), 'cell',
          s('rect', { x: x + 1, y: y + 1, width: size - 2, height: size - 2, rx: 3, 'fill-opacity': 0.15 + 0.85 * strength,
            class: 'cell-fill' }),
          s('text', { x: x + size / 2, y: y + size / 2 + 5, 'text-anchor': 'middle',
            class: strength > 0.55 ? 'cell-text dark' : 'cell-text' }, cell.value.toLocaleString()));
      }),
    ]));
}

/**
 * A half-circle gauge for a rate in [0, 1] with the figure in large type; rate null draws an empty gauge saying "no
 * data". good tells which end is good ('high' or 'low'), for the colour only: the words carry the meaning.
 */
export function gauge(title, rate, { detail = '', good = 'high' } = {}) {
  const r = 80;
  const cx = 100;
  const cy = 100;
  const arc = (from, to) => {
    const a0 = Math.PI * (1 - from);
    const a1 = Math.PI * (1 - to);
    const p = (a) => `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy - r * Math.sin(a)).toFixed(2)}`;
    return `M ${p(a0)} A ${r} ${r} 0 0 1 ${p(a1)}`;
  };
  const figure = rate === null || rate === undefined ? null : Math.max(0, Math.min(1, rate));
  const text = figure === null ? 'no data' : percent(figure);
  const label = `${title}: ${text}${detail ? ` (${detail})` : ''}`;
  const quality = figure === null ? '' : (good === 'high' ? figure >= 0.8 : figure <= 0.1) ? 'good' : 'poor';
  return chart(title, 200, 130,
    mark(label, `gauge ${quality}`,
      s('path', { d: arc(0, 1), class: 'gauge-track' }),
      figure ? s('path', { d: arc(0, figure), class: 'gauge-fill' }) : null,
      s('text', { x: cx, y: cy - 8, 'text-anchor': 'middle', class: 'gauge-figure' }, text),
      s('text', { x: cx, y: cy + 22, 'text-anchor': 'middle', class: 'tick' }, fit(detail, 34))));
}

export const percent = (rate) => `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;
