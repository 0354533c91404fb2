// The timeline: every touchpoint, newest occurredAt first, paged by cursor as the agent scrolls, with new
// touchpoints slotted in live at the place they belong (a late arrival lands where it happened, not on top).

import * as api from './api.js';
import { formatInstant, h, time, humanize } from './dom.js';

const PAGE = 50;
const LATE_AFTER_MS = 60_000;

/** One-word text badges: readable without colour, no icon font or emoji to download. */
const CHANNEL_BADGES = {
  web: 'WEB', app: 'APP', store: 'STORE', call_centre: 'CALL', email: 'EMAIL', chat: 'CHAT', social: 'SOCIAL',
  field_sales: 'FIELD', partner: 'PARTNER', other: 'OTHER',
};

export class Timeline {
  constructor({ list, end, more, onConversation }) {
    this.list = list;
    this.end = end;
    this.more = more;
    this.onConversation = onConversation;
    this.more.addEventListener('click', () => this.loadMore());
    // Loads the next page when the end of the list scrolls into view: no full reloads, however long the history.
    // The end is checked again when the report arrives: the first report (the end of an empty list, in view) can
    // come after the first page has filled the list, and would load a second page nobody scrolled to.
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && this.endInView()) this.loadMore();
    }, { rootMargin: '400px' });
    this.observer.observe(this.end);
    // And on any scroll (captured, so scrolling panels count too): the observer reports only changes, so it misses
    // the end if it came into view while the previous page was still loading.
    document.addEventListener('scroll', () => {
      if (this.endInView()) this.loadMore();
    }, { capture: true, passive: true });
  }

  /** Shows the customer's timeline from the newest touchpoint (as known at asOf, when given). */
  async show(customerId, asOf) {
    this.customerId = customerId;
    this.asOf = asOf;
    this.cursor = undefined;
    this.done = false;
    this.seen = new Set();
    this.loading = false; // a page still loading for the previous view is dropped by the generation check
    this.list.replaceChildren();
    this.generation = (this.generation || 0) + 1;
    await this.loadMore();
  }

  async loadMore() {
    if (!this.customerId || this.done || this.loading) return;
    this.loading = true;
    const generation = this.generation;
    try {
      const page = await api.timeline(this.customerId, { limit: PAGE, cursor: this.cursor, asOf: this.asOf });
      if (generation !== this.generation) return;
      // One insertion per page: the browser lays out 50 entries once, not 50 times.
      const rows = document.createDocumentFragment();
      for (const item of page.items) this.place(item, { append: rows });
      this.list.append(rows);
      this.cursor = page.nextCursor;
      this.done = !page.nextCursor;
    } finally {
      this.loading = false;
      this.renderEnd();
    }
  }

  endInView() {
    const box = this.end.getBoundingClientRect();
    return box.top < window.innerHeight + 400 && box.bottom > -400;
  }

  /**
   * A touchpoint was recorded: fetch the newest page until it is there (the timeline projection may be a few
   * milliseconds behind the event) and place what is new.
   */
  async touchpointRecorded(eventId) {
    if (this.asOf || !this.customerId) return;
    const customerId = this.customerId;
    for (let attempt = 0; attempt < 20 && !this.seen.has(eventId); attempt++) {
      const page = await api.timeline(customerId, { limit: 20 });
      if (customerId !== this.customerId) return;
      for (const item of page.items) if (!this.seen.has(item.eventId)) this.place(item, { live: true });
      this.renderEnd();
      if (!this.seen.has(eventId)) await new Promise((r) => setTimeout(r, 100 + attempt * 100));
    }
  }

  get size() {
    return this.seen ? this.seen.size : 0;
  }

  /**
   * Inserts an entry at its place by (occurredAt, eventId) descending, as the API orders them; append (a fragment)
   * takes entries of a page fetched in that order.
   */
  place(item, { append = false, live = false } = {}) {
    if (this.seen.has(item.eventId)) return;
    const row = entry(item, this.onConversation);
    if (append) {
      append.append(row);
    } else {
      const after = [...this.list.children].find((other) => newerFirst(item, other.item) < 0);
      if (after) {
        this.list.insertBefore(row, after);
      } else if (this.done) {
        this.list.append(row);
      } else {
        return; // older than everything loaded: paging will bring it
      }
    }
    if (live) {
      row.classList.add('new');
      setTimeout(() => row.classList.remove('new'), 4000);
    }
    this.seen.add(item.eventId);
  }

  renderEnd() {
    this.end.textContent = this.loading ? 'Loading…'
      : this.done ? (this.size ? `${plural(this.size, 'touchpoint')}: the start of the history.` : 'No touchpoints.')
        : '';
    this.more.hidden = this.done;
  }
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function newerFirst(a, b) {
  if (a.occurredAt !== b.occurredAt) return new Date(b.occurredAt) - new Date(a.occurredAt);
  return a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0;
}

function entry(item, onConversation) {
  const late = new Date(item.recordedAt) - new Date(item.occurredAt) > LATE_AFTER_MS;
  const li = h('li', { class: `entry channel-${item.channel}${late ? ' late' : ''}`, dataset: { eventId: item.eventId } },
    h('span', { class: 'badge', title: humanize(item.channel) }, CHANNEL_BADGES[item.channel] || item.channel.toUpperCase()),
    h('div', { class: 'entry-body' },
      h('p', { class: 'entry-head' },
        h('strong', { class: 'entry-type' }, humanize(item.type)),
        ' · ', humanize(item.channel),
        item.handoverFrom ? h('span', { class: 'handover' }, ` (handed over from ${humanize(item.handoverFrom)})`) : null),
      h('p', { class: 'entry-summary' }, summary(item)),
      h('p', { class: 'entry-meta muted' },
        'happened ', time(item.occurredAt),
        late ? h('span', { class: 'late-note' }, ' · recorded later ', time(item.recordedAt)) : null,
        item.actor ? ` · by ${item.actor}` : null,
        ` · ${item.source}`,
        item.conversationId ? [' · ', h('button', {
          type: 'button', class: 'link', onclick: () => onConversation(item.conversationId),
        }, `conversation ${item.conversationId}`)] : null)));
  li.item = item;
  return li;
}

/** One line saying what the touchpoint was about, from the typed touchpoints' data or the free-form data. */
function summary(item) {
  const d = item.data || {};
  switch (item.type) {
    case 'interaction': return [d.direction, d.kind].filter(Boolean).join(' ') + (d.summary ? `: ${d.summary}` : '');
    case 'fact': return `${humanize(d.key)}: ${d.value}`;
    case 'issue_raised': return `${d.issueId}: ${d.description}`;
    case 'issue_resolved': return `${d.issueId} resolved: ${d.resolution}${d.release ? ` (release ${d.release})` : ''}`;
    case 'promise': return `${d.description} — due ${formatInstant(d.dueAt)}`;
    case 'promise_kept': return `kept ${d.promiseId}`;
    case 'promise_cancelled': return `cancelled ${d.promiseId}: ${d.reason}`;
    case 'conversation_closed': return `closed${d.resolution ? `: ${d.resolution}` : ''}`;
    default: {
      const text = Object.entries(d).map(([k, v]) => `${humanize(k)}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
      return text.length > 240 ? text.slice(0, 239) + '…' : text;
    }
  }
}
