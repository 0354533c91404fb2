// The ledger's HTTP API, as the console uses it. Every call answers parsed JSON or throws an ApiError that carries
// the problem+json document (its detail says what to fix).

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function request(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Accept: 'application/json', ...(options.headers || {}) },
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
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

/** The customer an identifier belongs to; the server normalises the value (case, phone format, spaces). */
export const resolve = (type, value) => request(`/api/customers/resolve${query({ identifier: `${type}:${value}` })}`);

export const context = (id, asOf) => request(`${customer(id)}/context${query({ asOf })}`);

export const timeline = (id, { limit = 50, cursor, asOf } = {}) =>
  request(`${customer(id)}/timeline${query({ limit, cursor, asOf })}`);

export const conversation = (id, conversationId) => request(`${customer(id)}/conversations/${enc(conversationId)}`);

export const verify = (id) => request(`/api/audit/customers/${enc(id)}/verify`);

export const exportUrl = (id) => `/api/audit/customers/${enc(id)}/export`;

export const record = (touchpoint) => request('/api/touchpoints', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(touchpoint),
});

/** Server-sent events of the customer: calls onEvent({eventId, type, customerId, recordedAt}) for each. */
export function stream(id, onEvent, onState) {
  const source = new EventSource(`${customer(id)}/stream`);
  source.addEventListener('ledger-event', (message) => onEvent(JSON.parse(message.data)));
  source.onopen = () => onState(true);
  source.onerror = () => onState(source.readyState === EventSource.OPEN);
  return source;
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
