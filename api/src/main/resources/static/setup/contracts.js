// Contracts (/setup/contracts): a customer's long-term contract with its regular work (which service, where, how
// often: weekly, monthly or on given dates, within a season; at the contract's price or the catalogue's), the
// requests the service creates for it ahead of time, and ending a contract. The server's field problems show by the
// fields, each line's by its own.
import { api, t, el, showProblem, clearProblems, fmtDate, fmtNumber, statusText, today } from '/assets/fp.js';
import { option, customerPicker, addDays } from '/setup/setup.js';

const $ = id => document.getElementById(id);
let contracts = [], services = [], chosen = null;

const num = v => (v == null || String(v).trim() === '') ? null : (isNaN(Number(String(v).replace(',', '.'))) ? v : Number(String(v).replace(',', '.')));

function renumber() {
  document.querySelectorAll('#lines .contract-line').forEach((f, i) => { f.querySelector('legend').textContent = t('setup.contracts.line', i + 1); });
}

function addLine() {
  const line = $('lineTemplate').content.firstElementChild.cloneNode(true);
  line.querySelector('.serviceTypeId').replaceChildren(...services.map(s => option(s.id, s.name)));
  const frequency = line.querySelector('.frequency');
  frequency.addEventListener('change', () => line.querySelectorAll('.when').forEach(w => { w.hidden = !w.classList.contains(frequency.value); }));
  line.querySelector('.removeLine').addEventListener('click', () => { line.remove(); renumber(); });
  // every label names its own field
  line.querySelectorAll('label').forEach(label => {
    const input = label.parentElement.querySelector('input, select');
    if (input) { input.id = 'l' + Math.random().toString(36).slice(2); label.htmlFor = input.id; }
  });
  $('lines').append(line);
  renumber();
  return line;
}

function lineBody(f) {
  const v = cls => f.querySelector('.' + cls).value.trim();
  const frequency = v('frequency');
  const season = v('seasonFrom') || v('seasonTo') ? { from: v('seasonFrom') || null, to: v('seasonTo') || null } : null;
  return {
    serviceTypeId: num(v('serviceTypeId')), quantity: num(v('quantity')), unitPrice: num(v('unitPrice')),
    address: { line: v('addressLine') || null, lat: num(v('lat')), lon: num(v('lon')) },
    frequency,
    weekday: frequency === 'weekly' ? num(v('weekday')) : null,
    everyWeeks: frequency === 'weekly' ? num(v('everyWeeks')) : null,
    dayOfMonth: frequency === 'monthly' ? num(v('dayOfMonth')) : null,
    dates: frequency === 'dates' ? v('dates').split(/[,;\s]+/).filter(Boolean) : null,
    season, note: v('note') || null,
  };
}

const when = l => l.frequency === 'weekly' ? t('setup.contracts.everyWeekday', t('day.' + ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'][l.weekday - 1]), l.everyWeeks)
  : l.frequency === 'monthly' ? t('setup.contracts.monthlyOn', l.dayOfMonth)
  : l.dates.map(fmtDate).join(', ');

async function load() {
  const response = await api('GET', '/api/contracts');
  if (!response.ok) { showProblem($('listError').parentElement, response.json, response.status); return; }
  contracts = response.json;
  $('contractList').querySelector('tbody').replaceChildren(...contracts.map(c => el('tr', { dataset: { contract: c.id },
    'aria-selected': String(Boolean(chosen) && chosen.id === c.id) },
    el('td', {}, c.number), el('td', {}, c.customerName), el('td', {}, c.title),
    el('td', {}, fmtDate(c.startsOn) + ' – ' + (c.endsOn ? fmtDate(c.endsOn) : '…') + (c.active ? '' : ' · ' + t('setup.inactive'))),
    el('td', {}, c.services.map(l => l.serviceTypeName).join(', ')),
    el('td', {}, el('button', { type: 'button', class: 'show', onclick: () => open(c.id) }, t('setup.contracts.show'))))));
}

async function open(id) {
  const response = await api('GET', '/api/contracts/' + id);
  if (!response.ok) { showProblem($('listError').parentElement, response.json, response.status); return; }
  const c = response.json;
  chosen = c;
  $('detail').hidden = false;
  clearProblems($('detail'));
  $('generated').textContent = '';
  $('detailTitle').textContent = c.number + ' · ' + c.title;
  $('detailFacts').textContent = c.customerName + ' · ' + fmtDate(c.startsOn) + ' – ' + (c.endsOn ? fmtDate(c.endsOn) : '…')
    + (c.active ? '' : ' · ' + t('setup.inactive'));
  $('detailLines').replaceChildren(...c.services.map(l => el('li', { dataset: { line: l.id } },
    el('strong', {}, l.serviceTypeName), ' × ' + l.quantity + ' · ' + fmtNumber(l.unitPrice, 2) + ' ' + c.currency + ' · ' + when(l)
    + (l.seasonFrom ? ' · ' + t('setup.contracts.season', l.seasonFrom, l.seasonTo) : '') + ' · ' + l.addressLine)));
  $('visits').querySelector('tbody').replaceChildren(...(c.visits.length ? c.visits.map(v => el('tr', { dataset: { request: v.requestId || '' } },
    el('td', {}, fmtDate(v.dueOn)),
    el('td', {}, v.requestId ? el('a', { href: '/desk/requests/' + v.requestId }, v.registrationNumber) : '—'),
    el('td', {}, v.status ? statusText(v.status) : ''))) : [el('tr', {}, el('td', { colspan: 3, class: 'hint' }, t('setup.contracts.noVisits')))]));
  $('endOn').value = c.endsOn || '';
  await loadUpcoming();
  document.querySelectorAll('#contractList tr[data-contract]').forEach(tr => tr.setAttribute('aria-selected', String(tr.dataset.contract === String(id))));
}

/** The days the contract's work falls due until the chosen day, by the server's own rule; marked where created. */
async function loadUpcoming() {
  if (!chosen) return;
  const response = await api('GET', '/api/contracts/' + chosen.id + '/upcoming' + ($('until').value ? '?until=' + $('until').value : ''));
  if (!response.ok) { showProblem($('detail'), response.json, response.status); return; }
  $('upcoming').replaceChildren(...(response.json.length ? response.json.map(u => el('li', { dataset: { due: u.dueOn, line: u.serviceId },
    class: u.created ? 'created' : null }, fmtDate(u.dueOn) + ' · ' + u.serviceTypeName + ' · '
    + (u.created ? t('setup.contracts.isCreated') : t('setup.contracts.willCreate'))))
    : [el('li', { class: 'hint' }, t('setup.contracts.nothingDue'))]));
}

$('until').addEventListener('change', loadUpcoming);
$('addLine').addEventListener('click', () => addLine());

$('contractForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('contractForm');
  $('created').textContent = '';
  const body = { customerId: $('customerId').value ? Number($('customerId').value) : null, number: $('number').value || null,
    title: $('title').value || null, startsOn: $('startsOn').value || null, endsOn: $('endsOn').value || null,
    services: [...document.querySelectorAll('#lines .contract-line')].map(lineBody) };
  const response = await api('POST', '/api/contracts', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  clearProblems(form);
  $('created').textContent = t('setup.contracts.created', response.json.number);
  ['number', 'title', 'endsOn'].forEach(id => { $(id).value = ''; });
  $('lines').replaceChildren();
  addLine();
  await load();
  await open(response.json.id);
});

$('generate').addEventListener('click', async () => {
  const response = await api('POST', '/api/contracts/generate' + ($('until').value ? '?until=' + $('until').value : ''));
  if (!response.ok) { showProblem($('detail'), response.json, response.status); return; }
  clearProblems($('detail'));
  if (chosen) await open(chosen.id);
  $('generated').textContent = t('setup.contracts.generated', response.json.created);
});

$('endForm').addEventListener('submit', async e => {
  e.preventDefault();
  const response = await api('POST', '/api/contracts/' + chosen.id + '/end', { endsOn: $('endOn').value || null });
  if (!response.ok) { showProblem($('endForm'), response.json, response.status); return; }
  clearProblems($('endForm'));
  await load();
  await open(chosen.id);
});

const reloadCustomers = customerPicker($('customerQ'), $('customerId'));

(async function start() {
  const response = await api('GET', '/api/service-types');
  services = response.ok ? response.json.filter(s => s.active !== false) : [];
  $('startsOn').value = today();
  $('until').value = addDays(today(), 28);
  addLine();
  await Promise.all([reloadCustomers(), load()]);
  document.body.dataset.ready = 'true';
})();
