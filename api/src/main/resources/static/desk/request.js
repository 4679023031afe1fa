// The desk's request card: the request, its customer (tap to call), services and prices, the status with exactly the
// moves the caller may make now (allowedNextStatuses, sent with If-Match), history and comments.
import { api, t, el, fmtDate, fmtDateTime, fmtTime, isOverdue, fmtNumber, showProblem, clearProblems, statusText, today, uploadFiles, fileLinks } from '/assets/fp.js';

const id = document.getElementById('main').dataset.request;
const $ = x => document.getElementById(x);
let etag = null;
let technicians = null;
let staffTechnicians = null; // every active technician the caller sees, for names and the assignment

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
  loadTechnicians().then(list => {
    const own = list.find(x => x.id === v.technicianId);
    if (own) $('technician').textContent = own.name;
    if (!$('assignTechnician').value && v.technicianId) $('assignTechnician').value = String(v.technicianId);
  });
  if (!$('assignDate').value) {
    $('assignDate').value = v.preferredWindow && v.preferredWindow.start ? v.preferredWindow.start.slice(0, 10) : today();
  }
  $('priority').textContent = String(v.priority);
  $('source').textContent = t('source.' + v.source);
  $('created').textContent = fmtDateTime(v.createdAt);
  $('description').hidden = !v.description;
  $('description').textContent = v.description || '';
  $('address').textContent = v.addressLine;
  $('services').innerHTML = '';
  const unit = s => s.priceIsFrom ? t('new.priceFrom', fmtNumber(s.unitPrice, 2) + ' €') : fmtNumber(s.unitPrice, 2) + ' €';
  v.services.filter(s => !s.extra).forEach(s => $('services').append(el('tr', { dataset: { line: s.line } },
    el('td', {}, s.serviceTypeName), el('td', {}, '× ' + s.quantity), el('td', {}, unit(s)))));
  // the extra services the server added for the zone or the management company (issue 16): apart, and removable by the
  // office while the request is new and its prices are not frozen (DELETE /api/requests/{id}/extras/{line})
  const extras = v.services.filter(s => s.extra);
  const removable = v.status === 'new' && !(v.price && v.price.frozenAt);
  if (extras.length) $('services').append(el('tr', {}, el('th', { colspan: 3, scope: 'rowgroup' }, t('card.extras'))));
  extras.forEach(s => $('services').append(el('tr', { class: 'extra-line', dataset: { line: s.line, extra: s.serviceTypeCode } },
    el('td', {}, s.serviceTypeName), el('td', {}, '× ' + s.quantity),
    el('td', {}, unit(s), removable ? el('button', { type: 'button', class: 'remove-extra', style: 'margin-left: 8px',
      'aria-label': t('card.removeExtra', s.serviceTypeName), onclick: () => removeExtra(s) }, '×') : null))));
  if (v.price && v.price.total != null) {
    const total = fmtNumber(v.price.total, 2) + ' ' + (v.price.currency === 'EUR' || !v.price.currency ? '€' : v.price.currency);
    $('services').append(el('tr', {}, el('th', { colspan: 2 }, t('card.total')), el('th', {}, v.price.from ? t('new.priceFrom', total) : total)));
  }
  moves(v);
  customer(v.customerId);
  history();
  comments();
  edits();
  documents(v);
}

async function removeExtra(s) {
  const box = $('services').closest('section');
  const r = await api('DELETE', '/api/requests/' + id + '/extras/' + s.line, undefined, { 'If-Match': etag });
  if (!r.ok) { showProblem(box, r.json, r.status); return; }
  clearProblems(box);
  load();
}

// ---- documents (specification, act) and files: PDFs to open, the specification sent from here ------------------
async function documents(v) {
  $('specForm').hidden = !['new', 'quoted', 'agreed', 'scheduled'].includes(v.status);
  const [d, f] = await Promise.all([api('GET', '/api/requests/' + id + '/documents'), api('GET', '/api/requests/' + id + '/files')]);
  const list = $('documents');
  list.innerHTML = '';
  if (d.ok) {
    if (!d.json.length) list.append(el('li', {}, t('card.none')));
    d.json.forEach(doc => list.append(el('li', { dataset: { kind: doc.kind, number: doc.number, state: doc.state } },
      el('a', { href: doc.pdf, target: '_blank', rel: 'noopener' }, t('card.doc.' + doc.kind, doc.number)),
      ' · ' + t('card.docState.' + doc.state) + ' · ' + fmtNumber(doc.total, 2) + ' ' + (doc.currency === 'EUR' ? '€' : doc.currency))));
  }
  const files = $('files');
  files.innerHTML = '';
  if (f.ok) {
    f.json.forEach(x => files.append(el('li', { dataset: { file: x.id } },
      x.thumbnail ? el('a', { href: x.download, target: '_blank', rel: 'noopener' }, el('img', { src: x.thumbnail, alt: x.fileName, loading: 'lazy' })) : null,
      el('a', { href: x.download, target: '_blank', rel: 'noopener', class: 'name' }, x.fileName),
      el('small', {}, ' ' + x.uploadedBy + ' · ' + fmtDateTime(x.uploadedAt)))));
  }
}

$('specForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.currentTarget;
  const r = await api('POST', '/api/requests/' + id + '/specification', { conditions: $('specConditions').value.trim() || null });
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  clearProblems(form);
  $('specConditions').value = '';
  load();
});

function loadTechnicians() {
  if (!staffTechnicians) {
    staffTechnicians = api('GET', '/api/technicians?active=true').then(r => {
      const list = r.ok ? r.json : [];
      list.forEach(x => $('assignTechnician').append(el('option', { value: x.id }, x.name)));
      return list;
    });
  }
  return staffTechnicians;
}

// ---- assignment: the board's rule check, then the board's move ----------------------------------------------
async function assign(apply) {
  const form = $('assignForm');
  const box = $('assignResult');
  box.innerHTML = '';
  const technicianId = $('assignTechnician').value ? Number($('assignTechnician').value) : null;
  const r = await api('POST', '/api/desk/requests/' + id + '/assignment',
    { date: $('assignDate').value || null, technicianId, apply });
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  clearProblems(form);
  const a = r.json;
  const day = fmtDate(a.date);
  if (a.applied) {
    box.append(el('p', { class: 'notice ok' }, t('card.assigned', a.technicianName, day)));
    load();
  } else if (a.allowed) {
    box.append(el('p', { class: 'notice ok' }, a.arrival ? t('card.assignAllowed', a.technicianName, day, a.arrival)
      : t('card.assignAllowedNoTime', a.technicianName, day)));
  } else {
    box.append(el('p', { class: 'notice warn' }, t('card.assignBroken', a.technicianName, day)),
      el('ul', { class: 'violations' }, ...a.violations.map(v => el('li', {}, v))));
  }
}
$('assignCheck').addEventListener('click', () => assign(false));
$('assignForm').addEventListener('submit', e => { e.preventDefault(); assign(true); });

// ---- the technician's proposed changes: confirm or reject with a reason ---------------------------------------
async function edits() {
  const r = await api('GET', '/api/edits?status=pending');
  const list = $('edits');
  list.innerHTML = '';
  const mine = r.ok ? r.json.filter(e => String(e.requestId) === String(id)) : [];
  if (!mine.length) { list.append(el('li', {}, t('card.noEdits'))); return; }
  const lines = items => items.map(i => (i.serviceName || i.serviceCode) + ' × ' + i.quantity).join(', ');
  mine.forEach(e => {
    const reason = el('input', { name: 'reason', 'data-field': 'reason', 'aria-label': t('card.editReason'),
      placeholder: t('card.editReason') });
    const form = el('form', { class: 'edit', dataset: { edit: e.id } },
      el('div', {}, lines(e.items)), el('small', {}, t('card.editNow', lines(e.current))),
      e.note ? el('div', {}, e.note) : null,
      el('small', {}, t('card.editBy', e.proposedBy, fmtDateTime(e.createdAt))),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'confirm', onclick: () => decide(form, e.id, 'confirm', null) }, t('card.editConfirm')),
        reason,
        el('button', { type: 'button', class: 'reject', onclick: () => decide(form, e.id, 'reject', reason.value) }, t('card.editReject'))),
      el('p', { class: 'error', 'data-for': 'form' }));
    list.append(el('li', {}, form));
  });
}

async function decide(form, editId, how, reason) {
  const r = await api('POST', '/api/edits/' + editId + '/' + how, how === 'reject' ? { reason } : {});
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  load();
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
  const [r, f] = await Promise.all([api('GET', '/api/requests/' + id + '/comments'), api('GET', '/api/requests/' + id + '/files')]);
  const list = $('comments');
  list.innerHTML = '';
  if (!r.ok) return;
  if (!r.json.length) list.append(el('li', {}, t('card.none')));
  const files = f.ok ? f.json : [];
  r.json.forEach(c => {
    const mine = files.filter(x => x.commentId === c.id);
    list.append(el('li', { dataset: { comment: c.id } }, el('div', {}, c.body),
      el('small', {}, c.authorName + ' · ' + fmtDateTime(c.createdAt) + ' · ' + t('card.' + c.visibility)),
      mine.length ? fileLinks(mine) : null));
  });
}

$('commentForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.currentTarget;
  const r = await api('POST', '/api/requests/' + id + '/comments', { visibility: form.elements.visibility.value,
    body: form.elements.body.value });
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  clearProblems(form);
  form.elements.body.value = '';
  // the files go onto the comment with its visibility; refused ones are named (the comment stays)
  const refused = await uploadFiles(id, $('commentFiles').files, r.json.id, r.json.visibility);
  $('commentFiles').value = '';
  comments();
  documents({ status: $('status').dataset.status });
  if (refused.length) showProblem(form, { title: t('card.refusedFiles', refused.join('; ')) }, 415);
});

load();
