// The desk's request list: filters in the URL (so a list can be bookmarked and the back button works), counts per
// status, paging on the server, CSV of the same filter (GET /api/desk/requests and /api/desk/requests.csv, see
// docs/desk.md).
import { api, t, el, fmtDate, fmtDateTime, fmtTime, showProblem, clearProblems, statusText } from '/assets/fp.js';

const form = document.getElementById('filters');
const body = document.querySelector('#list tbody');
const FIELDS = ['q', 'status', 'zoneId', 'source', 'technicianId', 'deadlineFrom', 'deadlineTo', 'createdFrom', 'createdTo',
  'sort', 'size', 'overdue', 'forgotten'];
let page = Number(new URLSearchParams(location.search).get('page') || 0);

function query() {
  const params = new URLSearchParams();
  FIELDS.forEach(name => {
    const input = form.elements[name];
    if (!input) return;
    if (input.type === 'checkbox') { if (input.checked) params.set(name, 'true'); }
    else if (input.value) params.set(name, input.value);
  });
  return params;
}

function fromUrl() {
  const params = new URLSearchParams(location.search);
  FIELDS.forEach(name => {
    const input = form.elements[name];
    if (!input || !params.has(name)) return;
    if (input.type === 'checkbox') input.checked = params.get(name) === 'true';
    else input.value = params.get(name);
  });
}

async function options() {
  const [zones, technicians] = await Promise.all([api('GET', '/api/zones'), api('GET', '/api/technicians?active=true')]);
  const fill = (select, items) => { const chosen = new URLSearchParams(location.search).get(select.name);
    (items || []).forEach(i => select.append(el('option', { value: i.id, selected: String(i.id) === chosen }, i.name))); };
  if (zones.ok) fill(form.elements.zoneId, zones.json);
  if (technicians.ok) fill(form.elements.technicianId, technicians.json);
}

async function load() {
  clearProblems(form);
  const params = query();
  params.set('page', String(page));
  history.replaceState(null, '', '?' + params.toString());
  document.getElementById('csv').href = '/api/desk/requests.csv?' + withoutPaging(params);
  document.getElementById('summary').textContent = t('fp.loading');
  const r = await api('GET', '/api/desk/requests?' + params);
  if (!r.ok) {
    showProblem(form, r.json, r.status);
    document.getElementById('summary').textContent = '';
    return;
  }
  const result = r.json;
  render(result);
}

function withoutPaging(params) {
  const copy = new URLSearchParams(params);
  copy.delete('page');
  copy.delete('size');
  return copy.toString();
}

function render(result) {
  renderCounts(result.counts);
  body.innerHTML = '';
  result.items.forEach(item => body.append(row(item)));
  if (!result.items.length) body.append(el('tr', {}, el('td', { colspan: 10 }, t('desk.none'))));
  const from = result.items.length ? result.page * result.size + 1 : 0;
  const to = result.page * result.size + result.items.length;
  document.getElementById('summary').textContent = t('desk.total', result.total);
  document.getElementById('range').textContent = t('desk.range', from, to, result.total);
  document.getElementById('prev').disabled = result.page === 0;
  document.getElementById('next').disabled = to >= result.total;
}

function renderCounts(counts) {
  const box = document.getElementById('counts');
  box.innerHTML = '';
  if (!counts) return;
  const current = form.elements.status.value;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const chip = (code, label, n) => el('button', { type: 'button', 'aria-pressed': String(current === code), dataset: { status: code },
    onclick: () => { form.elements.status.value = code; page = 0; load(); } }, label, el('b', {}, String(n)));
  box.append(chip('', t('desk.all'), total));
  Object.entries(counts).forEach(([code, n]) => box.append(chip(code, statusText(code), n)));
}

function row(item) {
  const window = item.windowStart ? fmtDateTime(item.windowStart) + '–' + fmtTime(item.windowEnd) : '';
  return el('tr', { class: item.overdue ? 'overdue' : null, dataset: { request: item.id } },
    el('td', {}, el('a', { href: '/desk/requests/' + item.id }, item.number)),
    el('td', {}, el('span', { class: 'badge' }, statusText(item.status)),
      item.overdue ? el('span', { class: 'badge warn' }, t('desk.overdue')) : null,
      item.forgotten ? el('span', { class: 'badge warn' }, t('desk.forgotten')) : null),
    el('td', {}, item.customerName),
    el('td', {}, item.phone ? el('a', { href: 'tel:' + item.phone }, item.phone) : ''),
    el('td', {}, item.addressLine),
    el('td', {}, item.zoneName || ''),
    el('td', {}, item.technicianName || ''),
    el('td', {}, fmtDate(item.deadline)),
    el('td', {}, window),
    el('td', {}, fmtDateTime(item.createdAt)));
}

form.addEventListener('submit', e => { e.preventDefault(); page = 0; load(); });
form.addEventListener('change', e => { if (e.target.matches('select, input[type=checkbox], input[type=date]')) { page = 0; load(); } });
document.getElementById('reset').addEventListener('click', () => setTimeout(() => { page = 0; load(); }));
document.getElementById('prev').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
document.getElementById('next').addEventListener('click', () => { page += 1; load(); });

fromUrl();
options().then(load);
