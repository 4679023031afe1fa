// Agents and commission (/setup/agents): the scheme (percent per level 1-3, the services that count), the agents with
// the chain above each (who brought whom), a new agent under another, and an agent's monthly statement with its CSV.
// The server's field problems show by the fields.
import { api, t, el, showProblem, clearProblems, fmtDateTime, fmtNumber } from '/assets/fp.js';
import { option, checkboxes, checkedValues } from '/setup/setup.js';

const $ = id => document.getElementById(id);
let agents = [];

const num = v => (v == null || String(v).trim() === '') ? null : (isNaN(Number(String(v).replace(',', '.'))) ? v : Number(String(v).replace(',', '.')));

async function loadScheme() {
  const [scheme, services] = await Promise.all([api('GET', '/api/commission-scheme'), api('GET', '/api/service-types')]);
  if (!scheme.ok) { showProblem($('schemeForm'), scheme.json, scheme.status); return; }
  ['level1', 'level2', 'level3'].forEach((id, i) => { $(id).value = scheme.json.levels[i] != null ? scheme.json.levels[i] : ''; });
  const list = services.ok ? services.json : [];
  $('schemeServices').replaceChildren(...checkboxes('serviceTypeIds', list.map(s => ({ value: s.id, text: s.name }))));
  $('schemeServices').querySelectorAll('input').forEach(b => { b.checked = scheme.json.serviceTypeIds.includes(Number(b.value)); });
}

$('schemeForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('schemeForm');
  $('schemeSaved').textContent = '';
  const body = { levels: ['level1', 'level2', 'level3'].map(id => num($(id).value)),
    serviceTypeIds: checkedValues(form, 'serviceTypeIds').map(Number) };
  const response = await api('PUT', '/api/commission-scheme', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  clearProblems(form);
  $('schemeSaved').textContent = t('setup.saved');
});

async function loadAgents() {
  const response = await api('GET', '/api/agents');
  if (!response.ok) { showProblem($('listError').parentElement, response.json, response.status); return; }
  agents = response.json;
  const name = id => { const a = agents.find(x => x.id === id); return a ? a.name + ' (' + a.code + ')' : '#' + id; };
  $('agentList').querySelector('tbody').replaceChildren(...agents.map(a => el('tr', { dataset: { agent: a.id } },
    el('td', {}, a.name + (a.active ? '' : ' · ' + t('setup.inactive'))), el('td', {}, a.code),
    el('td', { class: 'chain' }, a.chain.map((id, i) => (i + 1) + ': ' + name(id)).join(' → ')),
    el('td', {}, a.email || ''),
    el('td', {}, el('button', { type: 'button', class: 'statement', onclick: () => { $('sAgent').value = String(a.id); showStatement(); } },
      t('setup.agents.showStatement'))))));
  const keepParent = $('parentId').value, keepAgent = $('sAgent').value;
  const first = $('parentId').querySelector('option[value=""]');
  $('parentId').replaceChildren(first, ...agents.map(a => option(a.id, a.name + ' (' + a.code + ')')));
  $('parentId').value = keepParent;
  $('sAgent').replaceChildren(...agents.map(a => option(a.id, a.name + ' (' + a.code + ')')));
  if (keepAgent) $('sAgent').value = keepAgent;
}

$('agentForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('agentForm');
  $('created').textContent = '';
  const body = { name: $('name').value, code: $('code').value, parentId: $('parentId').value ? Number($('parentId').value) : null,
    email: $('email').value || null };
  const response = await api('POST', '/api/agents', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  clearProblems(form);
  ['name', 'code', 'email'].forEach(id => { $(id).value = ''; });
  $('created').textContent = t('setup.agents.created', response.json.name);
  await loadAgents();
});

async function showStatement() {
  const form = $('statementForm');
  if (!$('sAgent').value) return;
  const query = $('sMonth').value ? '?month=' + encodeURIComponent($('sMonth').value) : '';
  const response = await api('GET', '/api/agents/' + $('sAgent').value + '/statement' + query);
  if (!response.ok) { showProblem(form, response.json, response.status); $('statement').hidden = true; $('csv').hidden = true; return; }
  clearProblems(form);
  const s = response.json;
  $('sMonth').value = s.month;
  $('statement').querySelector('tbody').replaceChildren(...s.entries.map(x => el('tr', { dataset: { entry: x.id } },
    el('td', {}, fmtDateTime(x.bookedAt)), el('td', {}, x.registrationNumber), el('td', { class: 'num' }, String(x.level)),
    el('td', {}, t('setup.agents.kind.' + x.kind)), el('td', { class: 'num' }, fmtNumber(x.percent, 2)),
    el('td', { class: 'num' }, fmtNumber(x.base, 2)), el('td', { class: 'num amount' }, fmtNumber(x.amount, 2)), el('td', {}, x.note || ''))));
  if (!s.entries.length) {
    $('statement').querySelector('tbody').replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'hint' }, t('setup.agents.noEntries'))));
  }
  $('total').textContent = fmtNumber(s.total, 2);
  $('currency').textContent = s.currency;
  $('statement').hidden = false;
  $('csv').href = '/api/agents/' + s.agentId + '/statement.csv?month=' + encodeURIComponent(s.month);
  $('csv').hidden = false;
}

$('statementForm').addEventListener('submit', e => { e.preventDefault(); showStatement(); });

(async function start() {
  await Promise.all([loadScheme(), loadAgents()]);
  document.body.dataset.ready = 'true';
})();
