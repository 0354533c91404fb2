// The agent console: find a customer, then show their timeline (live), context, actions and audit tools.
// The state worth keeping across a reload (which customer) lives in the URL: #customer=<id>.

import * as api from './api.js';
import { $, instantToLocalInput, localInputToInstant, time } from './dom.js';
import { Timeline } from './timeline.js';
import { renderContext, summaryLine } from './context.js';
import { Actions } from './actions.js';
import { showConversation } from './resume.js';
import { verifyChain } from './audit.js';
import { showJourneys } from './journeys.js';

const state = { customerId: null, identifier: null, asOf: null, stream: null, contextTimer: null, timelineTimer: null, context: null,
  identityChanged: false, roles: [], awaiting: null };

const status = $('#status');
const agent = $('#agent');
agent.value = localStorage.getItem('journey.agent') || '';
agent.addEventListener('change', () => localStorage.setItem('journey.agent', agent.value.trim()));

function say(message, { error = false } = {}) {
  status.className = `status${error ? ' error' : ''}`;
  status.setAttribute('role', error ? 'alert' : 'status');
  status.replaceChildren(...[message].flat());
}

const openConversation = (conversationId) =>
  showConversation($('#resume'), state.customerId, conversationId).catch((e) => say(e.message, { error: true }));

const timeline = new Timeline({
  list: $('#timeline-items'), end: $('#timeline-end'), more: $('#timeline-more'), onConversation: openConversation,
});

const actions = new Actions({
  form: $('#action-form'),
  agent,
  onRecorded: (action) => {
    say(`Recorded: ${action.replace(/_/g, ' ')}.`);
    refreshContext();
  },
  onError: (message) => say(message, { error: true }),
});

$('#find').addEventListener('submit', async (event) => {
  event.preventDefault();
  const type = $('#find-type').value;
  const value = $('#find-value').value.trim();
  try {
    const found = await api.resolve(type, value);
    say(`Found customer ${found.customerId} by ${found.identifier.type} ${found.identifier.value}.`);
    state.identifier = found.identifier;
    location.hash = `customer=${found.customerId}`; // shows the customer through the hashchange handler
    if (state.customerId === found.customerId) await show(found.customerId);
  } catch (e) {
    say(e.status === 404 ? `No customer is known by ${type} “${value}”.` : e.message, { error: true });
  }
});

window.addEventListener('hashchange', () => route());

function route() {
  const journeys = location.hash.startsWith('#journeys');
  $('#journeys').hidden = !journeys;
  $('#customer').hidden = journeys || !state.customerId;
  $('#nav-journeys').toggleAttribute('aria-current', journeys);
  $('#nav-customer').toggleAttribute('aria-current', !journeys);
  if (journeys) {
    const params = new URLSearchParams(location.hash.slice('#journeys'.length).replace(/^[?&]/, ''));
    showJourneyView(params.get('from'), params.get('to'));
    return;
  }
  const match = /customer=([^&]+)/.exec(location.hash);
  if (match) show(decodeURIComponent(match[1])).catch((e) => say(e.message, { error: true }));
}

/** The journey charts for a range of days; the range goes into the address, so a link shows the same picture. */
async function showJourneyView(from, to) {
  const charts = $('#journeys-charts');
  charts.setAttribute('aria-busy', 'true');
  try {
    const report = await showJourneys(charts, { from, to });
    $('#journeys-from').value = report.from;
    $('#journeys-to').value = report.to;
    say(`Journeys from ${report.from} to ${report.to}.`);
  } catch (e) {
    say(e.message, { error: true });
  } finally {
    charts.removeAttribute('aria-busy');
  }
}

$('#journeys-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  if ($('#journeys-from').value) params.set('from', $('#journeys-from').value);
  if ($('#journeys-to').value) params.set('to', $('#journeys-to').value);
  const hash = `#journeys${params.toString() ? `&${params}` : ''}`;
  if (location.hash === hash) route(); else location.hash = hash;
});

/** Shows a customer: context, first timeline page, live stream. */
async function show(customerId) {
  if (state.customerId !== customerId) {
    state.asOf = null;
    $('#verify-result').replaceChildren();
  }
  state.customerId = customerId;
  $('#customer').hidden = false;
  $('#nav-customer').href = `#customer=${encodeURIComponent(customerId)}`;
  $('#customer-id').textContent = customerId;
  $('#export').href = api.exportUrl(customerId);
  watch(customerId);
  // A decision that moved the console to another customer waits until that customer's context shows it.
  const until = state.awaiting?.customerId === customerId ? state.awaiting.until : undefined;
  state.awaiting = null;
  await Promise.all([refreshContext(until), timeline.show(customerId, state.asOf)]);
  catchUpTimeline();
  renderAsOf();
}

/** Waits for a context that has folded in the event recorded at (or after) recordedAt. */
const folded = (recordedAt) => (c) => new Date(c.knownAsOf) >= new Date(recordedAt);
/** Waits for a context that lists every one of the merges. */
const merged = (mergeIds) => (c) => mergeIds.every((id) => (c.merges || []).some((m) => m.mergeId === id));
/** Waits for a context that shows the merge as undone. */
const unmerged = (mergeId) => (c) => (c.merges || []).some((m) => m.mergeId === mergeId && m.undoneAt);

/**
 * Shows the customer's context. With until (a test of the context), fetches again until the context projection
 * shows what the console knows has happened: the live stream and the answers to the agent's decisions run ahead of
 * the projection, and a stream opened after an event never hears of it.
 */
async function refreshContext(until) {
  const customerId = state.customerId;
  let context = await api.context(customerId, state.asOf);
  // A customer found by identifier exists even before the projection has folded their first events.
  const behind = (c) => (until ? !until(c) : !state.asOf && !c.knownAsOf);
  for (let attempt = 1; attempt < 20 && behind(context); attempt++) {
    await new Promise((r) => setTimeout(r, 100 * attempt));
    if (customerId !== state.customerId) return;
    context = await api.context(customerId, state.asOf);
  }
  if (customerId !== state.customerId) return;
  if (!state.asOf && context.customerId !== customerId) {
    // The id was absorbed by a merge: the survivor answers for it, and the console follows.
    say(`Customer ${customerId} was merged into ${context.customerId}; showing that customer.`);
    location.hash = `customer=${context.customerId}`;
    return;
  }
  state.context = context;
  $('#customer-facts').replaceChildren(...[summaryLine(context)].flat());
  // Undoing a merge is an auditor's (or an administrator's) decision; the server checks it too.
  const mayUndo = state.roles.some((role) => role === 'auditor' || role === 'admin');
  const identity = state.asOf ? {} : { onMatch: decideMatch, onUnmerge: mayUndo ? undoMerge : undefined };
  renderContext($('#context-sections'), context, { onConversation: openConversation, ...identity });
  if (!state.identifier || !context.identifiers.some((i) => i.type === state.identifier.type && i.value === state.identifier.value)) {
    state.identifier = context.identifiers[0];
  }
  actions.use(context, state.identifier);
}

/**
 * A merge or its undoing moves many entries onto or off this timeline at once, which live updates (one new entry
 * at a time) cannot show. After one, while the fully loaded timeline disagrees with the context's count (its
 * touchpoints and recent offer checks), it is loaded again, a few times at most while the timeline projection
 * catches up.
 */
function catchUpTimeline(attempt = 0) {
  clearTimeout(state.timelineTimer);
  const context = state.context;
  const expected = context ? context.touchpointCount + (context.offerChecks || []).length : 0;
  if (!context || state.asOf || !timeline.done || timeline.size === expected || attempt >= 10) return;
  const customerId = state.customerId;
  state.timelineTimer = setTimeout(async () => {
    if (customerId !== state.customerId) return;
    await Promise.all([refreshContext(), timeline.show(customerId, state.asOf)]);
    catchUpTimeline(attempt + 1);
  }, 200 * (attempt + 1));
}

const IDENTITY_CHANGES = new Set(['CustomersMergedEvent', 'CustomersUnmergedEvent', 'CustomerRestoredEvent']);

/** The agent, who the ledger records as having decided; asks for it first when the field is empty. */
function actor() {
  const id = agent.value.trim();
  if (!id) {
    agent.focus();
    say('Enter your agent id first: the ledger records who decided.', { error: true });
  }
  return id;
}

async function decideMatch(matchId, decision) {
  const by = actor();
  if (!by) return;
  try {
    const answer = await api.decideMatch(state.customerId, matchId, decision,
      { actor: by, reason: decision === 'reject' ? 'Different people (decided in the console)' : undefined });
    say(decision === 'confirm' ? `Merged: customer ${answer.customerId} answers for both.` : 'Recorded: different people; the pair will not be proposed again.');
    const until = decision === 'confirm' ? merged(answer.mergeIds) : undefined;
    if (answer.customerId !== state.customerId) {
      state.awaiting = { customerId: answer.customerId, until };
      location.hash = `customer=${answer.customerId}`;
    } else {
      await refreshContext(until);
      catchUpTimeline();
    }
  } catch (e) {
    say(e.message, { error: true });
  }
}

async function undoMerge(mergeId, reason) {
  const by = actor();
  if (!by) return;
  if (!reason) {
    say('Say why the merge is wrong: the reason stays in the history.', { error: true });
    return;
  }
  try {
    const answer = await api.unmerge(state.customerId, { mergeId, reason, actor: by });
    say(`Merge undone: customer ${answer.restoredCustomerId} is a customer of its own again.`);
    await Promise.all([refreshContext(unmerged(mergeId)), timeline.show(state.customerId, state.asOf)]);
    catchUpTimeline();
  } catch (e) {
    say(e.message, { error: true });
  }
}

/** Follows the customer's server-sent events: new touchpoints slot into the timeline, the context refreshes. */
function watch(customerId) {
  if (state.stream && state.stream.customerId === customerId) return;
  $('#live-state').textContent = 'connecting…';
  state.stream?.close();
  state.stream = api.stream(customerId, (update) => {
    if (update.customerId !== state.customerId) return;
    if (update.type === 'TouchpointRecordedEvent') timeline.touchpointRecorded(update.eventId);
    if (!state.asOf) {
      // Several events of one touchpoint come together: refresh once, for the latest.
      clearTimeout(state.contextTimer);
      state.identityChanged ||= IDENTITY_CHANGES.has(update.type);
      state.contextTimer = setTimeout(() => refreshContext(folded(update.recordedAt)).then(() => {
        if (state.identityChanged) {
          state.identityChanged = false;
          catchUpTimeline();
        }
      }).catch(() => {}), 100);
    }
  }, (open) => {
    $('#live-state').classList.toggle('off', !open);
    $('#live-state').textContent = open ? 'live' : 'reconnecting…';
  });
  state.stream.customerId = customerId;
}

function renderAsOf() {
  const banner = $('#as-of-banner');
  banner.hidden = !state.asOf;
  banner.replaceChildren(...(state.asOf ? ['Showing the context and timeline as the ledger knew them at ', time(state.asOf),
    '. New events are not shown until you go back to now.'] : []));
  document.body.classList.toggle('as-of-mode', Boolean(state.asOf));
  // Nothing can be recorded in the past: the actions wait until the agent is back to now.
  $('#action-form').inert = Boolean(state.asOf);
}

$('#as-of-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  state.asOf = localInputToInstant($('#as-of').value);
  await show(state.customerId).catch((e) => say(e.message, { error: true }));
});

$('#as-of-clear').addEventListener('click', async () => {
  state.asOf = null;
  $('#as-of').value = '';
  await show(state.customerId).catch((e) => say(e.message, { error: true }));
});

$('#verify').addEventListener('click', () =>
  verifyChain($('#verify-result'), state.customerId).catch((e) => say(e.message, { error: true })));

// The export is for auditors and needs the key, which a plain link cannot send.
$('#export').addEventListener('click', (event) => {
  event.preventDefault();
  api.download(state.customerId).catch((e) => say(e.message, { error: true }));
});

/** Shows who is signed in, or the sign-in form. */
function renderSignedIn(who) {
  $('#sign-in').hidden = Boolean(who);
  $('#signed-in').hidden = !who;
  $('#signed-in-as').textContent = who ? `Signed in as ${who.name} (${who.roles.join(', ')})` : '';
  state.roles = who ? who.roles.map((role) => role.toLowerCase()) : [];
  if (!who) $('#api-key').focus();
}

$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    renderSignedIn(await api.signIn($('#api-key').value));
    $('#api-key').value = '';
    say('');
    route();
  } catch (e) {
    say(e.status === 401 ? 'The ledger does not know this API key (or it was revoked).' : e.message, { error: true });
  }
});

$('#sign-out').addEventListener('click', () => {
  api.signOut();
  state.stream?.close();
  state.stream = null;
  renderSignedIn(null);
});

window.addEventListener('journey:unauthorized', () => {
  api.signOut();
  renderSignedIn(null);
  say('Sign in with an API key (your key was refused).', { error: true });
});

// A page left open in the back/forward cache must not keep its stream: browsers allow only about six connections
// per host over HTTP/1.1, and every tab of the console holds one.
window.addEventListener('pagehide', () => {
  state.stream?.close();
  state.stream = null;
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted && state.customerId) watch(state.customerId);
});

$('#as-of').value = instantToLocalInput(new Date().toISOString());
if (api.apiKey()) {
  api.me().then((who) => {
    renderSignedIn(who);
    route();
  }).catch(() => {});
} else {
  renderSignedIn(null);
  say('Sign in with your API key to find customers.');
}
