// Small DOM helpers: elements are built with text nodes only, so nothing from the ledger is ever parsed as HTML.

/** h('li', {class: 'x', onclick: f}, 'text', child, [more]) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An instant as text in the agent's language and time zone. */
export const formatInstant = (instant) => dateTime.format(new Date(instant));

/** A <time> element showing an instant in the agent's time zone. */
export function time(instant) {
  if (!instant) return '';
  return h('time', { datetime: instant, title: instant }, formatInstant(instant));
}

/** A value of the datetime-local input as an ISO instant, reading it in the agent's time zone. */
export const localInputToInstant = (value) => new Date(value).toISOString();

/** An instant as a datetime-local input value (seconds precision) in the agent's time zone. */
export function instantToLocalInput(instant) {
  const d = new Date(instant);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export const humanize = (key) => String(key).replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * A random UUID. crypto.randomUUID() exists only in secure contexts (https, localhost); a console opened over plain
 * http on another host gets one from crypto.getRandomValues, which is available everywhere.
 */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A short random id for what the console creates (promises, issues). */
export const shortId = () => uuid().slice(0, 8);
