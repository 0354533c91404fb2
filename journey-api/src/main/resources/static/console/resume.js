// The resume view: one conversation as the next channel picks it up.

import * as api from './api.js';
import { h, time, humanize } from './dom.js';
import { facts, issues, promises } from './context.js';

export async function showConversation(dialog, customerId, conversationId) {
  const c = await api.conversation(customerId, conversationId);
  dialog.querySelector('#resume-title').textContent = `Conversation ${c.conversationId}`;
  dialog.querySelector('#resume-body').replaceChildren(
    h('p', {}, h('span', { class: `pill ${c.status}` }, c.status), ' started ', time(c.startedAt),
      ' · ', (c.channels || []).map(humanize).join(' → '),
      c.closedAt ? [' · closed ', time(c.closedAt), c.resolution ? `: ${c.resolution}` : ''] : null),
    c.lastMessage ? h('p', {}, h('strong', {}, 'Last message: '), c.lastMessage.summary || c.lastMessage.kind,
      h('span', { class: 'muted' }, ' · ', humanize(c.lastMessage.channel), ' ', time(c.lastMessage.occurredAt))) : null,
    h('h3', {}, 'Messages'),
    c.messages.length ? h('ol', { class: 'items messages' }, c.messages.map((m) => h('li', {},
      h('span', { class: 'key' }, humanize(m.channel)), m.handoverFrom ? ` (from ${humanize(m.handoverFrom)})` : '',
      ' ', m.data?.direction || '', ' ', m.data?.kind || '', ': ', m.data?.summary || '',
      h('span', { class: 'muted' }, ' · ', time(m.occurredAt), m.actor ? ` · ${m.actor}` : '')))) : h('p', { class: 'muted' }, 'None.'),
    h('h3', {}, 'Already told'), facts(Object.fromEntries(c.facts.map((f) => [f.key, f]))) || h('p', { class: 'muted' }, 'None.'),
    h('h3', {}, 'Issues raised here'), issues(c.issues) || h('p', { class: 'muted' }, 'None.'),
    h('h3', {}, 'Promises made here'), promises(c.promises) || h('p', { class: 'muted' }, 'None.'));
  if (!dialog.open) dialog.showModal();
}
