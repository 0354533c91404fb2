// The journey view (S5): the same ledger seen across all customers and channels — the most common, most positive
// and most negative interaction points, how customers move between channels, and how often they must come back and
// how often promises are kept. Every figure is the API's (GET /api/analytics/journeys); nothing is computed here
// but the totals over channels for the two headline gauges.

import * as api from './api.js';
import { h, humanize } from './dom.js';
import { barChart, divergingChart, gauge, heatMap, percent } from './charts.js';

const cap = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const point = (p) => `${humanize(p.channel)} · ${humanize(p.type)}`;
const number = (value) => (value === null || value === undefined ? null : Number(value));
const plural = (n, word) => `${Number(n).toLocaleString()} ${word}${Number(n) === 1 ? '' : 's'}`;

/** Fetches and draws the journey charts for [from, to] into root; answers the analytics document. */
export async function showJourneys(root, { from, to } = {}) {
  const report = await api.journeys(from, to);
  root.replaceChildren(...render(report));
  return report;
}

function render(report) {
  const channels = report.channels || [];
  const total = channels.reduce((sum, c) => sum + c.touchpoints, 0);
  const range = `${report.from} to ${report.to} (UTC days, by when it happened)`;
  if (!total) {
    return [h('p', { class: 'muted range' }, range), h('p', {}, 'No touchpoints in this period.')];
  }
  return [
    h('p', { class: 'muted range' }, `${plural(total, 'touchpoint')} across ${plural(channels.length, 'channel')}, `, range),
    figure('headline', 'Re-contact and promises kept, all channels', headline(channels)),
    figure('common', 'Most common interaction points', barChart('Most common interaction points',
      (report.interactionPoints || []).map((p) => ({
        label: point(p), value: p.touchpoints,
        describe: () => `${cap(point(p))}: ${plural(p.touchpoints, 'touchpoint')}`,
      })))),
    figure('sentiment', 'Most positive and most negative interaction points', sentiment(report),
      'Mean sentiment from −1 to +1; where only CSAT was given, (CSAT − 3) / 2.'),
    figure('transitions', 'Channel transitions', heatMap('Channel transitions: from one channel to the next',
      (report.transitions || []).map((t) => ({ from: humanize(t.fromChannel), to: humanize(t.toChannel), value: t.transitions })),
      {
        describe: (c) => `From ${c.from} to ${c.to}: ${plural(c.value, 'transition')}`,
        missing: (from, to) => `From ${from} to ${to}: not among the ${(report.transitions || []).length} most common transitions`,
      }), 'Each cell counts customers whose next touchpoint was in another channel.'),
    figure('rates', 'Re-contact and promise-kept rates per channel', rates(channels),
      'Re-contact: inbound contacts of a customer with an open issue who had contacted us in the previous 7 days. '
      + 'Promises kept: kept on time, of those made in the channel.'),
  ];
}

function figure(name, title, chart, note) {
  return h('figure', { class: `journey-chart chart-${name}`, dataset: { chart: name } },
    h('figcaption', {}, h('h3', {}, title), note ? h('p', { class: 'muted' }, note) : null),
    chart || h('p', { class: 'muted' }, 'No data in this period.'));
}

function headline(channels) {
  const sum = (field) => channels.reduce((n, c) => n + (c[field] || 0), 0);
  const inbound = sum('inboundContacts');
  const recontacts = sum('recontacts');
  const made = sum('promisesMade');
  const kept = sum('promisesKeptOnTime');
  return h('div', { class: 'gauges' },
    gauge('Re-contact rate', inbound ? recontacts / inbound : null,
      { detail: `${recontacts} of ${plural(inbound, 'inbound contact')}`, good: 'low' }),
    gauge('Promise-kept rate', made ? kept / made : null,
      { detail: `${kept} on time of ${plural(made, 'promise')}`, good: 'high' }));
}

function sentiment(report) {
  // One picture for both rankings: best at the top, worst at the bottom, each point once.
  const seen = new Map();
  for (const p of [...(report.mostPositive || []), ...(report.mostNegative || [])]) seen.set(`${p.channel}/${p.type}`, p);
  const rows = [...seen.values()].sort((a, b) => number(b.score) - number(a.score)).map((p) => ({
    label: point(p), value: number(p.score),
    describe: () => {
      const score = number(p.score);
      const parts = [];
      if (p.sentimentCount) parts.push(`mean sentiment ${signed(number(p.meanSentiment))} from ${plural(p.sentimentCount, 'rating')}`);
      if (p.csatCount) parts.push(`mean CSAT ${number(p.meanCsat).toFixed(1)} of 5 from ${plural(p.csatCount, 'answer')}`);
      return `${cap(point(p))}: ${score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral'}, score ${signed(score)}; ${parts.join(', ')}`;
    },
  }));
  return divergingChart('Most positive and most negative interaction points', rows);
}

const signed = (v) => (v > 0 ? '+' : '') + v.toFixed(2);

function rates(channels) {
  const rows = [];
  for (const c of channels) {
    const recontact = number(c.recontactRate);
    const kept = number(c.promiseKeptRate);
    if (recontact !== null) {
      rows.push({ label: `${humanize(c.channel)} · re-contact`, value: recontact, className: 'recontact',
        describe: () => `${cap(humanize(c.channel))} re-contact rate: ${percent(recontact)} (${c.recontacts} of ${plural(c.inboundContacts, 'inbound contact')})` });
    }
    if (kept !== null) {
      rows.push({ label: `${humanize(c.channel)} · promises kept`, value: kept, className: 'kept',
        describe: () => `${cap(humanize(c.channel))} promise-kept rate: ${percent(kept)} (${c.promisesKeptOnTime} on time, ${c.promisesKeptLate} late, ${c.promisesBroken} broken of ${plural(c.promisesMade, 'promise')})` });
    }
  }
  return barChart('Re-contact and promise-kept rates per channel', rows, { max: 1, format: percent });
}
