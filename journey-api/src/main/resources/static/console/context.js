// The context panel: what an agent must know before speaking. Known sections get a purpose-made view; any other
// section the API adds (purchases, deals, offers, consents, ...) is shown by a generic renderer, so new sections
// appear without a console change.

import { h, time, humanize } from './dom.js';

/** Top-level fields shown in the summary line rather than as sections. */
const SUMMARY_FIELDS = new Set(['customerId', 'firstSeen', 'lastSeen', 'touchpointCount', 'knownAsOf']);

const SECTIONS = {
  possibleMatches: { title: 'Possible matches — the same person?', render: possibleMatches, onlyWhenAny: true },
  identifiers: { title: 'Identifiers', render: identifiers },
  conversations: { title: 'Conversations', render: conversations },
  facts: { title: 'Already told — don’t ask again', render: facts },
  promises: { title: 'Promises', render: promises },
  issues: { title: 'Issues', render: issues },
  channels: { title: 'Channels', render: channels },
  merges: { title: 'Merged profiles', render: merges },
  recentTouchpoints: { title: 'Recent touchpoints by channel', render: recent },
};

/** Longer lists show this many entries and a button for the rest: a long history must not make the panel slow. */
const LIST_LIMIT = 20;

/**
 * @param handlers onConversation(id); onMatch(matchId, 'confirm'|'reject'); onUnmerge(mergeId, reason) — the
 *   identity buttons are shown only when their handler is given (not as of a past moment)
 */
export function renderContext(root, context, handlers) {
  const sections = [];
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (!(name in context) || (section.onlyWhenAny && !Object.keys(context[name]).length)) continue;
    sections.push(panel(name, section.title, section.render(context[name], handlers)));
  }
  for (const [name, value] of Object.entries(context)) {
    if (name in SECTIONS || SUMMARY_FIELDS.has(name) || value === null || value === undefined) continue;
    const title = humanize(name);
    sections.push(panel(name, title.charAt(0).toUpperCase() + title.slice(1), generic(value)));
  }
  root.replaceChildren(...sections);
}

export function summaryLine(context) {
  if (!context.touchpointCount) return 'No touchpoints folded into the context yet.';
  const n = context.touchpointCount;
  return [`${n.toLocaleString()} touchpoint${n === 1 ? '' : 's'}`, ' · first seen ', time(context.firstSeen), ' · last seen ',
    time(context.lastSeen), ' · known as of ', time(context.knownAsOf)];
}

function panel(name, title, body) {
  const empty = body === null || (Array.isArray(body) && body.length === 0);
  return h('section', { class: `panel panel-${name}`, 'aria-label': title, dataset: { section: name } },
    h('h3', {}, title), empty ? h('p', { class: 'muted' }, 'None.') : body);
}

const list = (items) => (items.length ? h('ul', { class: 'items' }, items) : null);

/**
 * The first LIST_LIMIT values rendered, and a button that renders the rest when asked: rendering is what costs, so a
 * section of thousands of entries (a long-standing customer's purchases, offers, checks) stays cheap until opened.
 */
function longList(values, render) {
  if (values.length <= LIST_LIMIT) return list(values.map(render));
  const ul = h('ul', { class: 'items' }, values.slice(0, LIST_LIMIT).map(render));
  const more = h('button', { type: 'button', class: 'link show-all', onclick: () => {
    ul.append(...values.slice(LIST_LIMIT).map(render));
    more.remove();
  } }, `Show all ${values.length.toLocaleString()}`);
  return h('div', {}, ul, more);
}

/**
 * The touchpoints of the last 91 days (the input of the preferred channel) as counts per channel: a customer with
 * thousands of recent touchpoints would otherwise be thousands of rows that say little.
 */
function recent(touches) {
  if (!Array.isArray(touches) || !touches.length) return null;
  const counts = new Map();
  // One entry per channel and day, with its count (documents from before that: one entry per touchpoint).
  let total = 0;
  for (const t of touches) {
    const n = t.count || 1;
    counts.set(t.channel, (counts.get(t.channel) || 0) + n);
    total += n;
  }
  return h('p', {}, `${total.toLocaleString()} in the 91 days before the latest: `,
    [...counts.entries()].sort((a, b) => b[1] - a[1])
      .map(([channel, n], i) => [i ? ' · ' : '', h('span', { class: 'key' }, humanize(channel)), ` ${n.toLocaleString()}`]));
}

function identifiers(values) {
  return list(values.map((id) => h('li', {}, h('span', { class: 'key' }, humanize(id.type)), ' ', h('code', {}, id.value),
    h('span', { class: 'muted' }, ' · from ', id.source, ' ', time(id.linkedAt)))));
}

/** Weak-identifier matches waiting for an agent: the buttons decide them for good. */
function possibleMatches(byId, { onMatch }) {
  return list(Object.values(byId).map((m) => h('li', { class: 'match' },
    'Shares ', h('span', { class: 'key' }, humanize(m.sharedIdentifier.type)), ' ', h('code', {}, m.sharedIdentifier.value),
    ' with customer ', h('a', { href: `#customer=${encodeURIComponent(m.otherCustomerId)}` }, m.otherCustomerId),
    h('span', { class: 'muted' }, ' · proposed ', time(m.proposedAt)),
    onMatch ? h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: () => onMatch(m.matchId, 'confirm') }, 'Same person: merge'),
      ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => onMatch(m.matchId, 'reject') }, 'Different people'))
      : null)));
}

/** Profiles this customer absorbed, why, and (for a wrong merge) the way to undo it, with the reason asked for. */
function merges(all, { onUnmerge }) {
  return list(all.map((m) => {
    const reason = h('input', { type: 'text', placeholder: 'Why is this merge wrong?', 'aria-label': 'Reason to undo the merge' });
    return h('li', { class: `merge${m.undoneAt ? ' undone' : ''}` },
      m.undoneAt ? h('span', { class: 'pill cancelled' }, 'undone') : h('span', { class: 'pill open' }, 'merged'), ' ',
      'Customer ', h('code', {}, m.absorbedCustomerId),
      h('div', { class: 'muted' }, m.reason === 'match_confirmed' ? 'confirmed match' : 'shared identifier', ' ',
        (m.identifiers || []).map((i) => `${humanize(i.type)} ${i.value}`).join(', '), ' · ', time(m.mergedAt),
        m.mergedBy ? ` by ${m.mergedBy}` : ''),
      m.undoneAt ? h('div', { class: 'muted' }, 'undone ', time(m.undoneAt), ` by ${m.undoneBy}: ${m.undoReason}`)
        : onUnmerge ? h('form', { class: 'unmerge', onsubmit: (e) => { e.preventDefault(); onUnmerge(m.mergeId, reason.value.trim()); } },
          reason, ' ', h('button', { type: 'submit', class: 'secondary' }, 'Undo merge')) : null);
  }));
}

function channels(byChannel) {
  return list(Object.entries(byChannel).map(([channel, use]) => h('li', {},
    h('span', { class: 'key' }, humanize(channel)), ` ${use.touchpointCount} · last `,
    use.lastTouchpoint ? [humanize(use.lastTouchpoint.type), ' ', time(use.lastTouchpoint.occurredAt)] : '—')));
}

function conversations(byId, { onConversation }) {
  const all = Object.entries(byId).sort(([, a], [, b]) =>
    (a.status === 'open') === (b.status === 'open')
      ? new Date(b.lastActivityAt || 0) - new Date(a.lastActivityAt || 0)
      : a.status === 'open' ? -1 : 1);
  return list(all.map(([id, c]) => h('li', { class: `conversation status-${c.status}` },
    h('button', { type: 'button', class: 'link', onclick: () => onConversation(id) }, id),
    ' ', h('span', { class: `pill ${c.status}` }, c.status),
    h('div', { class: 'muted' }, (c.channels || []).map(humanize).join(' → '), ` · ${c.messageCount || 0} message${c.messageCount === 1 ? '' : 's'}`),
    c.lastMessage ? h('div', {}, 'Last: ', c.lastMessage.summary || c.lastMessage.kind, h('span', { class: 'muted' },
      ' · ', humanize(c.lastMessage.channel), ' ', time(c.lastMessage.occurredAt))) : null,
    c.resolution ? h('div', { class: 'muted' }, `Resolution: ${c.resolution}`) : null)));
}

export function facts(byKey) {
  return list(Object.values(byKey).map((f) => h('li', { class: 'fact' },
    h('span', { class: 'key' }, humanize(f.key)), ': ', h('strong', {}, f.value),
    h('span', { class: 'muted' }, ' · told in ', humanize(f.channel), ' ', time(f.toldAt), f.actor ? ` to ${f.actor}` : ''),
    f.timesTold > 1 ? h('span', { class: 'warn' }, ` · asked ${f.timesTold} times`) : null)));
}

export function promises(byId) {
  const order = { broken: 0, open: 1, kept: 2, cancelled: 3 };
  const all = (Array.isArray(byId) ? byId : Object.values(byId))
    .sort((a, b) => (order[a.status] - order[b.status]) || (new Date(a.dueAt) - new Date(b.dueAt)));
  return list(all.map((p) => h('li', { class: `promise status-${p.status}` },
    h('span', { class: `pill ${p.status}` }, p.status), ' ', p.description,
    h('div', { class: 'muted' }, `${p.promiseId} · due `, time(p.dueAt), ' · made in ', humanize(p.madeIn || ''),
      p.madeBy ? ` by ${p.madeBy}` : '',
      p.brokenAt ? [' · broken ', time(p.brokenAt)] : null,
      p.keptAt ? [' · kept ', time(p.keptAt), p.keptLate ? ' (late)' : ''] : null,
      p.cancelReason ? ` · cancelled: ${p.cancelReason}` : null))));
}

export function issues(byId) {
  const all = (Array.isArray(byId) ? byId : Object.values(byId))
    .sort((a, b) => (a.status === b.status ? new Date(b.raisedAt) - new Date(a.raisedAt) : a.status === 'open' ? -1 : 1));
  return list(all.map((i) => h('li', { class: `issue status-${i.status}` },
    h('span', { class: `pill ${i.status}` }, i.status), ' ', h('strong', {}, i.issueId), ': ', i.description,
    i.category ? h('span', { class: 'muted' }, ` (${i.category})`) : null,
    h('div', { class: 'muted' }, 'raised in ', humanize(i.raisedIn || ''), ' ', time(i.raisedAt),
      i.resolvedAt ? [' · resolved ', time(i.resolvedAt), `: ${i.resolution}`, i.release ? ` (release ${i.release})` : ''] : null))));
}

/** Any JSON value as nested definition lists: readable enough for a section the console does not know yet. */
export function generic(value) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, '—');
  if (Array.isArray(value)) return longList(value, (v) => h('li', {}, generic(v)));
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
    if (!entries.length) return null;
    return h('dl', { class: 'generic' }, entries.flatMap(([k, v]) => [h('dt', {}, humanize(k)), h('dd', {}, generic(v))]));
  }
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return time(value);
  return String(value);
}
