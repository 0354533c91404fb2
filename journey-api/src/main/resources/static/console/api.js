// The ledger's HTTP API, as the console uses it. Every call answers parsed JSON or throws an ApiError that carries
// the problem+json document (its detail says what to fix).
//
// Signing in means pasting an API key: it is kept in sessionStorage (gone when the tab closes, never sent to other
// sites) and sent as the X-API-Key header. EventSource cannot send headers, so the live stream is opened with a
// one-minute ticket asked for with the key (POST /api/customers/{id}/stream-tickets), never with the key in the URL.

const KEY = 'journey.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const apiKey = () => sessionStorage.getItem(KEY);
export const signOut = () => sessionStorage.removeItem(KEY);

/** Keeps the key and answers who it is ({name, roles}), or throws (and forgets it) when the ledger refuses it. */
export async function signIn(key) {
  sessionStorage.setItem(KEY, key.trim());
  try {
    return await me();
  } catch (e) {
    signOut();
    throw e;
  }
}

async function request(path, options = {}) {
  const key = apiKey();
  const response = await fetch(path, {
    ...options,
    headers: { Accept: 'application/json', ...(key ? { 'X-API-Key': key } : {}), ...(options.headers || {}) },
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    // The key was revoked (or never valid): the page asks for another one.
    if (response.status === 401) window.dispatchEvent(new CustomEvent('journey:unauthorized', { detail: body }));
    throw new ApiError(response.status, body);
  }
  return body;
}

const enc = encodeURIComponent;
const customer = (id) => `/api/customers/${enc(id)}`;
const query = (params) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? '?' + new URLSearchParams(entries).toString() : '';
};

/** Who the key belongs to: {name, roles}. */
export const me = () => request('/api/me');

/** The customer an identifier belongs to; the server normalises the value (case, phone format, spaces). */
export const resolve = (type, value) => request(`/api/customers/resolve${query({ identifier: `${type}:${value}` })}`);

export const context = (id, asOf) => request(`${customer(id)}/context${query({ asOf })}`);

export const timeline = (id, { limit = 50, cursor, asOf } = {}) =>
  request(`${customer(id)}/timeline${query({ limit, cursor, asOf })}`);

export const conversation = (id, conversationId) => request(`${customer(id)}/conversations/${enc(conversationId)}`);

export const verify = (id) => request(`/api/audit/customers/${enc(id)}/verify`);

export const exportUrl = (id) => `/api/audit/customers/${enc(id)}/export`;

/** Downloads the customer's export (a plain link cannot send the key): fetched, then saved from a blob. */
export async function download(id) {
  const response = await fetch(exportUrl(id), { headers: { 'X-API-Key': apiKey() || '' } });
  if (!response.ok) {
    const text = await response.text();
    throw new ApiError(response.status, text ? JSON.parse(text) : null);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: `customer-${id}.ndjson` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const record = (touchpoint) => request('/api/touchpoints', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(touchpoint),
});

/**
 * Server-sent events of the customer: calls onEvent({eventId, type, customerId, recordedAt}) for each and
 * onState(open). EventSource reconnects by itself with the same URL; once its ticket has expired the server refuses
 * that and the source closes, so a closed source is reopened here with a new ticket.
 */
export function stream(id, onEvent, onState) {
  const live = { source: null, closed: false, retry: null };
  const open = async () => {
    if (live.closed) return;
    let ticket;
    try {
      ticket = await request(`${customer(id)}/stream-tickets`, { method: 'POST' });
    } catch (e) {
      onState(false);
      if (e.status !== 401 && e.status !== 403) live.retry = setTimeout(open, 5000);
      return;
    }
    if (live.closed) return;
    const source = new EventSource(`${customer(id)}/stream${query({ ticket: ticket.ticket })}`);
    live.source = source;
    source.addEventListener('ledger-event', (message) => onEvent(JSON.parse(message.data)));
    source.onopen = () => onState(true);
    source.onerror = () => {
      onState(source.readyState === EventSource.OPEN);
      if (source.readyState === EventSource.CLOSED && !live.closed) live.retry = setTimeout(open, 1000);
    };
  };
  open();
  return {
    close() {
      live.closed = true;
      clearTimeout(live.retry);
      live.source?.close();
    },
  };
}

const postJson = (path, body) => request(path, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** Confirms (the two are one person: merged) or rejects a possible match; decision is 'confirm' or 'reject'. */
export const decideMatch = (id, matchId, decision, body) =>
  postJson(`${customer(id)}/matches/${enc(matchId)}/${decision}`, body);

/** Undoes one of the customer's merges: {mergeId, reason, actor}. */
export const unmerge = (id, body) => postJson(`${customer(id)}/unmerge`, body);

/** The journey across all customers and channels between two UTC days (YYYY-MM-DD, both included). */
export const journeys = (from, to) => request(`/api/analytics/journeys${query({ from, to })}`);
