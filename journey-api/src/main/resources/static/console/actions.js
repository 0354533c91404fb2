// Agent actions: each is a typed touchpoint recorded through POST /api/touchpoints, like any channel system's,
// with the agent as actor, source "console" and a fresh sourceEventId per submit.

import * as api from './api.js';
import { h, localInputToInstant, shortId, uuid } from './dom.js';

export class Actions {
  constructor({ form, agent, onRecorded, onError }) {
    this.form = form;
    this.agent = agent;
    this.onRecorded = onRecorded;
    this.onError = onError;
    this.type = form.querySelector('#action-type');
    this.type.addEventListener('change', () => this.showFields());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.showFields();
  }

  /** Shows only the fields of the chosen action; hidden fields are disabled so the browser skips them. */
  showFields() {
    for (const fieldset of this.form.querySelectorAll('fieldset[data-action]')) {
      const active = fieldset.dataset.action === this.type.value;
      fieldset.hidden = !active;
      fieldset.disabled = !active;
    }
    const required = {
      fact: ['#fact-key', '#fact-value'], promise: ['#promise-description', '#promise-due'],
      promise_kept: ['#promise-kept-id'], issue_raised: ['#issue-description'],
      issue_resolved: ['#issue-resolved-id', '#issue-resolution'],
    };
    for (const input of this.form.querySelectorAll('fieldset input, fieldset select')) input.required = false;
    for (const selector of required[this.type.value]) this.form.querySelector(selector).required = true;
  }

  /** The customer whose context the actions refer to: fills the promise, issue and conversation choices. */
  use(context, identifier) {
    this.customerId = context.customerId;
    this.identifier = identifier || context.identifiers?.[0];
    fill(this.form.querySelector('#promise-kept-id'), Object.values(context.promises || {})
      .filter((p) => p.status === 'open' || p.status === 'broken')
      .map((p) => [p.promiseId, `${p.description} (${p.status})`]));
    fill(this.form.querySelector('#issue-resolved-id'), Object.values(context.issues || {})
      .filter((i) => i.status === 'open').map((i) => [i.issueId, `${i.issueId}: ${i.description}`]));
    fill(this.form.querySelector('#action-conversation'), [['', 'none'], ...Object.values(context.conversations || {})
      .filter((c) => c.status === 'open').map((c) => [c.conversationId, c.conversationId])]);
  }

  async submit() {
    if (!this.agent.value.trim()) {
      this.agent.focus();
      this.onError('Enter your agent id first: the ledger records who acted.');
      return;
    }
    if (!this.identifier) {
      this.onError('This customer has no identifier yet to record against.');
      return;
    }
    const fields = new FormData(this.form);
    const action = this.type.value;
    const touchpoint = {
      source: 'console',
      sourceEventId: uuid(),
      channel: fields.get('channel'),
      type: action,
      occurredAt: new Date().toISOString(),
      identifiers: [{ type: this.identifier.type, value: this.identifier.value }],
      actor: this.agent.value.trim(),
      data: this.data(action, fields),
    };
    if (fields.get('conversationId')) touchpoint.conversationId = fields.get('conversationId');
    try {
      await api.record(touchpoint);
      for (const input of this.form.querySelectorAll('fieldset:not([disabled]) input')) input.value = '';
      this.onRecorded(action);
    } catch (e) {
      const errors = e.problem?.errors?.map((x) => `${x.field}: ${x.message}`).join('; ');
      this.onError(errors ? `${e.message} (${errors})` : e.message);
    }
  }

  data(action, fields) {
    const text = (name) => (fields.get(name) || '').trim();
    const optional = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v));
    switch (action) {
      case 'fact': return { key: text('key'), value: text('value') };
      case 'promise': return {
        promiseId: `promise-${shortId()}`, description: text('description'), dueAt: localInputToInstant(text('dueAt')),
      };
      case 'promise_kept': return { promiseId: text('promiseId') };
      case 'issue_raised': return optional({ issueId: `issue-${shortId()}`, description: text('description'), category: text('category') });
      case 'issue_resolved': return optional({ issueId: text('issueId'), resolution: text('resolution'), release: text('release') });
      default: throw new Error(`unknown action ${action}`);
    }
  }
}

function fill(select, options) {
  const current = select.value;
  select.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
  if (options.some(([value]) => value === current)) select.value = current;
}
