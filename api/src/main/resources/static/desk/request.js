// The desk's request card: the request, its customer (tap to call), services and prices, the status with exactly the
// moves the caller may make now (allowedNextStatuses, sent with If-Match), history and comments.
import { api, t, el, fmtDate, fmtDateTime, fmtTime, isOverdue, fmtNumber, showProblem, clearProblems, statusText } from '/assets/fp.js';

const id = document.getElementById('main').dataset.request;
const $ = x => document.getElementById(x);
let etag = null;
let technicians = null;

async function load() {
  const r = await api('GET', '/api/requests/' + id);
  if (!r.ok) { showProblem(document.getElementById('main'), r.json, r.status); return; }
  etag = r.etag;
  const v = r.json;
  document.title = v.registrationNumber + ' · FieldPlan';
  $('number').textContent = v.registrationNumber;
  $('status').textContent = statusText(v.status);
  $('status').dataset.status = v.status;
  const overdue = isOverdue(v.deadline, v.status);
  $('overdue').innerHTML = '';
  if (overdue) $('overdue').append(el('span', { class: 'badge warn' }, t('card.overdue')));
  $('deadline').textContent = fmtDate(v.deadline);
  $('window').textContent = v.preferredWindow && v.preferredWindow.start ? fmtDateTime(v.preferredWindow.start) + '–'
    + fmtTime(v.preferredWindow.end) : '—';
  $('zoneName').textContent = v.zoneName || (v.outsideServiceArea ? t('new.outside') : '—');
  $('technician').textContent = v.technicianId ? '#' + v.technicianId : '—';
  $('priority').textContent = String(v.priority);
  $('source').textContent = t('source.' + v.source);
  $('created').textContent = fmtDateTime(v.createdAt);
  $('description').hidden = !v.description;
  $('description').textContent = v.description || '';
  $('address').textContent = v.addressLine;
  $('services').innerHTML = '';
  v.services.forEach(s => $('services').append(el('tr', {}, el('td', {}, s.serviceTypeName), el('td', {}, '× ' + s.quantity),
    el('td', {}, (s.priceIsFrom ? t('new.priceFrom', fmtNumber(s.unitPrice, 2) + ' €') : fmtNumber(s.unitPrice, 2) + ' €')))));
  if (v.price && v.price.total != null) {
    const total = fmtNumber(v.price.total, 2) + ' ' + (v.price.currency === 'EUR' || !v.price.currency ? '€' : v.price.currency);
    $('services').append(el('tr', {}, el('th', { colspan: 2 }, t('card.total')), el('th', {}, v.price.from ? t('new.priceFrom', total) : total)));
  }
  moves(v);
  customer(v.customerId);
  history();
  comments();
}

async function customer(customerId) {
  const r = await api('GET', '/api/customers/' + customerId);
  const box = $('customer');
  box.innerHTML = '';
  if (!r.ok) return;
  const c = r.json;
  box.append(el('b', {}, c.name));
  if (c.phone) box.append(el('br'), el('a', { href: 'tel:' + c.phone }, c.phone));
  if (c.email) box.append(el('br'), el('a', { href: 'mailto:' + c.email }, c.email));
  (c.contacts || []).forEach(k => box.append(el('br'), k.name + (k.role ? ' (' + k.role + ')' : '') + ' ',
    k.phone ? el('a', { href: 'tel:' + k.phone }, k.phone) : ''));
}

function moves(v) {
  const box = $('moves');
  box.innerHTML = '';
  if (!v.allowedNextStatuses.length) { box.append(el('p', { class: 'hint' }, t('card.noActions'))); }
  v.allowedNextStatuses.forEach(status => box.append(el('button', { type: 'button', class: 'move', dataset: { status },
    onclick: () => move(status) }, t('card.to', statusText(status)))));
  const needsTechnician = v.allowedNextStatuses.includes('scheduled');
  $('techPick').hidden = !needsTechnician;
  if (needsTechnician && technicians === null) {
    technicians = [];
    api('GET', '/api/technicians?active=true').then(r => { if (r.ok) { technicians = r.json;
      technicians.forEach(x => $('technicianId').append(el('option', { value: x.id }, x.name))); } });
  }
}

async function move(status) {
  const form = $('statusForm');
  const technicianId = status === 'scheduled' && $('technicianId').value ? Number($('technicianId').value) : null;
  const r = await api('POST', '/api/requests/' + id + '/status', { status, note: $('note').value.trim() || null, technicianId },
    { 'If-Match': etag || '' });
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  clearProblems(form);
  $('note').value = '';
  load();
}

async function history() {
  const r = await api('GET', '/api/requests/' + id + '/history');
  const list = $('history');
  list.innerHTML = '';
  if (!r.ok) return;
  if (!r.json.length) list.append(el('li', {}, t('card.none')));
  r.json.forEach(h => list.append(el('li', {}, (h.from ? statusText(h.from) + ' → ' : '') + statusText(h.to),
    el('small', {}, ' · ' + h.changedByName + ' · ' + fmtDateTime(h.changedAt)), h.note ? el('div', {}, h.note) : null)));
}

async function comments() {
  const r = await api('GET', '/api/requests/' + id + '/comments');
  const list = $('comments');
  list.innerHTML = '';
  if (!r.ok) return;
  if (!r.json.length) list.append(el('li', {}, t('card.none')));
  r.json.forEach(c => list.append(el('li', {}, el('div', {}, c.body),
    el('small', {}, c.authorName + ' · ' + fmtDateTime(c.createdAt) + ' · ' + t('card.' + c.visibility)))));
}

$('commentForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.currentTarget;
  const r = await api('POST', '/api/requests/' + id + '/comments', { visibility: form.elements.visibility.value,
    body: form.elements.body.value });
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  clearProblems(form);
  form.elements.body.value = '';
  comments();
});

load();
