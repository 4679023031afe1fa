// Partner management companies (/setup/partners): register one (the customer record its requests are filed as), make
// an API key (shown once, never again: only its hash is kept) and revoke one. The server's field problems show by the
// fields.
import { api, t, el, showProblem, clearProblems, fmtDateTime } from '/assets/fp.js';
import { customerPicker } from '/setup/setup.js';

const $ = id => document.getElementById(id);
let partners = [], chosen = null;

function keyItem(p, k) {
  const state = k.revokedAt ? t('setup.partners.revoked', fmtDateTime(k.revokedAt))
    : k.lastUsedAt ? t('setup.partners.lastUsed', fmtDateTime(k.lastUsedAt)) : t('setup.partners.unused');
  return el('li', { dataset: { key: k.id }, class: k.revokedAt ? 'revoked' : null },
    el('code', {}, k.prefix), k.label ? ' ' + k.label : '', el('small', { class: 'hint' }, ' · ' + state),
    k.revokedAt ? '' : el('button', { type: 'button', class: 'revoke', onclick: () => revoke(p, k) }, t('setup.partners.revoke')));
}

async function load() {
  const response = await api('GET', '/api/partners');
  if (!response.ok) { showProblem($('listError').parentElement, response.json, response.status); return; }
  partners = response.json;
  $('partnerList').querySelector('tbody').replaceChildren(...partners.map(p => el('tr', { dataset: { partner: p.id },
    'aria-selected': String(Boolean(chosen) && chosen.id === p.id) },
    el('td', {}, p.name), el('td', {}, p.customerName), el('td', { class: 'num' }, String(p.requests)),
    el('td', {}, el('ul', { class: 'keys' }, p.keys.map(k => keyItem(p, k)))),
    el('td', {}, el('button', { type: 'button', class: 'keys', onclick: () => openKeys(p.id) }, t('setup.partners.newKey'))))));
}

function openKeys(id) {
  chosen = partners.find(p => p.id === id);
  const form = $('keyForm');
  form.hidden = false;
  clearProblems(form);
  $('keyTitle').textContent = t('setup.partners.keyFor', chosen.name);
  $('label').value = '';
  $('newKeyBox').hidden = true;
  $('newKey').textContent = '';
  document.querySelectorAll('#partnerList tr[data-partner]').forEach(tr => tr.setAttribute('aria-selected', String(tr.dataset.partner === String(id))));
  $('label').focus();
}

async function revoke(p, k) {
  const response = await api('DELETE', '/api/partners/' + p.id + '/keys/' + k.id);
  if (!response.ok) { showProblem($('listError').parentElement, response.json, response.status); return; }
  $('listError').textContent = '';
  $('newKeyBox').hidden = true; // a key just shown may be the one revoked: nothing to copy any more
  $('newKey').textContent = '';
  await load();
}

$('keyForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('keyForm');
  const response = await api('POST', '/api/partners/' + chosen.id + '/keys', { label: $('label').value || null });
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  clearProblems(form);
  $('newKey').textContent = response.json.key;
  $('newKeyBox').hidden = false;
  await load();
});

$('copyKey').addEventListener('click', () => {
  if (navigator.clipboard) navigator.clipboard.writeText($('newKey').textContent).catch(() => {});
  const range = document.createRange();
  range.selectNodeContents($('newKey'));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
});

const reloadCustomers = customerPicker($('customerQ'), $('customerId'));

$('partnerForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('partnerForm');
  $('created').textContent = '';
  const body = { name: $('name').value, customerId: $('customerId').value ? Number($('customerId').value) : null };
  const response = await api('POST', '/api/partners', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  clearProblems(form);
  $('name').value = '';
  $('created').textContent = t('setup.partners.created', response.json.name);
  await load();
  openKeys(response.json.id);
});

(async function start() {
  await Promise.all([reloadCustomers(), load()]);
  document.body.dataset.ready = 'true';
})();
