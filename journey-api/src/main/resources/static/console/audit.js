// The auditor's tools: verify the customer's hash chain, show the context as of an instant, export the events.

import * as api from './api.js';
import { h } from './dom.js';

export async function verifyChain(output, customerId) {
  output.replaceChildren('Verifying…');
  const verdict = await api.verify(customerId);
  output.className = `verify-result ${verdict.intact ? 'intact' : 'broken'}`;
  output.replaceChildren(verdict.intact
    ? h('span', {}, h('strong', {}, 'Intact'), ` · ${verdict.events} events · head `, h('code', { title: verdict.headHash }, verdict.headHash.slice(0, 16) + '…'))
    : h('span', {}, h('strong', {}, 'NOT intact'), ` · first failure at sequence ${verdict.failure.sequence} (event `,
      h('code', {}, verdict.failure.eventId), `): ${verdict.failure.problem}`));
}
