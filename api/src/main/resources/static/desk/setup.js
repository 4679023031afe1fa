// The desk's set-up: intake sources (responsible person, required fields, taken or not; administrators change them
// with If-Match) and request templates (listed; anyone on the desk adds, edits with If-Match, or deletes one: a request
// copies a template's content, so deleting one never touches a request).
import { api, t, el, showProblem, clearProblems, lang } from '/assets/fp.js';

const $ = x => document.getElementById(x);
const FIELDS = ['customer.phone', 'customer.email', 'description', 'preferredWindow', 'priority'];
let staff = null; // administrators and dispatchers, when the caller may list users (administrators)

async function loadStaff() {
  const r = await api('GET', '/api/users');
  staff = r.ok ? r.json.filter(u => u.enabled !== false && (u.roles || []).some(x => x === 'administrator' || x === 'dispatcher')) : null;
}

async function sources() {
  const r = await api('GET', '/api/intake-sources');
  const body = document.querySelector('#sources tbody');
  body.innerHTML = '';
  if (!r.ok) return;
  r.json.forEach(s => {
    const row = el('tr', { dataset: { source: s.code, version: s.version } });
    const name = el('th', { scope: 'row' }, (lang === 'ru' ? s.name.ru : s.name.en) || s.code);
    const who = el('select', { name: 'responsibleUserId', 'data-field': 'responsibleUserId', 'aria-label': t('setup.responsibleOf', s.code),
      disabled: staff === null }, el('option', { value: '' }, t('setup.nobody')));
    (staff || (s.responsibleUserId ? [{ id: s.responsibleUserId, displayName: s.responsibleName }] : []))
      .forEach(u => who.append(el('option', { value: u.id }, u.displayName || u.username)));
    who.value = s.responsibleUserId ? String(s.responsibleUserId) : '';
    const checks = el('div', { 'data-field': 'requiredFields', class: 'checks' }, ...FIELDS.map(f => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name: 'required', value: f, checked: s.requiredFields.includes(f), disabled: staff === null }),
      ' ' + t('setup.field.' + f))));
    const active = el('input', { type: 'checkbox', name: 'active', checked: s.active, disabled: staff === null,
      'aria-label': t('setup.activeOf', s.code) });
    const save = el('button', { type: 'button', class: 'save' }, t('setup.save'));
    // only administrators may change a source: the others get no button (the API would refuse them)
    const form = el('td', {}, staff === null ? null : save, el('p', { class: 'error', 'data-for': 'form' }));
    save.addEventListener('click', async () => {
      const change = { responsibleUserId: who.value ? Number(who.value) : null, active: active.checked,
        requiredFields: Array.from(checks.querySelectorAll('input:checked')).map(c => c.value) };
      const answer = await api('PUT', '/api/intake-sources/' + s.code, change, { 'If-Match': '"' + s.version + '"' });
      if (!answer.ok) { showProblem(row, answer.json, answer.status); return; }
      clearProblems(row);
      sources();
    });
    row.append(name, el('td', {}, who), el('td', {}, checks), el('td', {}, active), form);
    body.append(row);
  });
}

let editing = null; // the template being edited (its id and version), or null: a new one
let types = []; // the active service types, for every line's choice

async function templates() {
  const r = await api('GET', '/api/request-templates');
  const list = $('templates');
  list.innerHTML = '';
  if (!r.ok) return;
  if (!r.json.length) list.append(el('li', {}, t('setup.noTemplates')));
  r.json.forEach(x => {
    const edit = el('button', { type: 'button', class: 'edit', 'aria-label': t('setup.editOf', x.name) }, t('setup.editButton'));
    const del = el('button', { type: 'button', class: 'delete', 'aria-label': t('setup.deleteOf', x.name) }, t('setup.delete'));
    const item = el('li', { dataset: { template: x.id, version: x.version } }, el('b', {}, x.name), ' · ',
      el('span', { class: 'lines' }, x.services.map(s => s.serviceTypeName + ' × ' + s.quantity).join(', ')),
      el('small', {}, ' · ' + t('setup.rule', x.deadlineRule.days, x.deadlineRule.time) + ' · ' + t('source.' + x.source)
        + (x.comment ? ' · ' + x.comment : '')), ' ', edit, ' ', del, el('p', { class: 'error', 'data-for': 'form' }));
    edit.addEventListener('click', () => startEdit(x));
    // two steps instead of a dialog: the first click asks, the second deletes
    del.addEventListener('click', async () => {
      if (!del.classList.contains('confirm')) { del.classList.add('confirm'); del.textContent = t('setup.confirmDelete'); return; }
      const answer = await api('DELETE', '/api/request-templates/' + x.id, undefined, { 'If-Match': '"' + x.version + '"' });
      if (!answer.ok) { showProblem(item, answer.json, answer.status); return; }
      if (editing && editing.id === x.id) stopEdit();
      templates();
    });
    list.append(item);
  });
}

// ---- the template's service lines: one row per line (service and quantity), added and removed freely; the last
// row stays (a template needs a service; the server says so too)

let lineIds = 0;

function addLine(line) {
  const row = $('tLineRow').content.firstElementChild.cloneNode(true);
  const n = lineIds++;
  const select = row.querySelector('select');
  select.id = 'tService-' + n;
  row.querySelector('label').htmlFor = select.id;
  const quantity = row.querySelector('.quantity');
  quantity.id = 'tQuantity-' + n;
  row.querySelectorAll('label')[1].htmlFor = quantity.id;
  types.forEach(s => select.append(el('option', { value: s.code }, s.name)));
  if (line) {
    // a line of a service no longer offered keeps its service (it is still in the template) until changed
    if (!types.some(s => s.code === line.serviceTypeCode)) {
      select.append(el('option', { value: line.serviceTypeCode }, line.serviceTypeName));
    }
    select.value = line.serviceTypeCode;
    quantity.value = line.quantity;
  }
  row.querySelector('.remove').addEventListener('click', () => {
    if (document.querySelectorAll('#tLines .t-line').length > 1) { row.remove(); removable(); $('tLines').querySelector('select').focus(); }
  });
  $('tLines').append(row);
  removable();
  return row;
}

/** The remove buttons, disabled while a single line is left. */
function removable() {
  const rows = document.querySelectorAll('#tLines .t-line');
  rows.forEach((r, i) => {
    const button = r.querySelector('.remove');
    button.disabled = rows.length < 2;
    button.setAttribute('aria-label', t('setup.removeLine', i + 1));
  });
}

function setLines(services) {
  $('tLines').innerHTML = '';
  (services.length ? services : [null]).forEach(addLine);
}

function lines() {
  return [...document.querySelectorAll('#tLines .t-line')].map(r => ({ serviceTypeCode: r.querySelector('.service').value,
    quantity: Number(r.querySelector('.quantity').value) }));
}

/** Shows or hides a button: the layout's `button { display: inline-flex }` outranks the `hidden` attribute. */
function shown(e, yes) {
  e.hidden = !yes;
  e.style.display = yes ? '' : 'none';
}

function startEdit(x) {
  editing = { id: x.id, version: x.version };
  $('tName').value = x.name;
  setLines(x.services);
  $('tComment').value = x.comment || '';
  $('tDays').value = x.deadlineRule.days;
  $('tTime').value = x.deadlineRule.time;
  $('tPriority').value = x.priority || 3;
  if (x.source) $('tSource').value = x.source;
  $('tHeading').textContent = t('setup.editTemplate', x.name);
  $('tSave').textContent = t('setup.saveTemplate');
  shown($('tCancel'), true);
  clearProblems($('templateForm'));
  $('tName').focus();
}

function stopEdit() {
  editing = null;
  $('tName').value = '';
  $('tComment').value = '';
  setLines([]);
  $('tHeading').textContent = $('tHeading').dataset.text;
  $('tSave').textContent = $('tSave').dataset.text;
  shown($('tCancel'), false);
  clearProblems($('templateForm'));
}

$('tHeading').dataset.text = $('tHeading').textContent;
$('tSave').dataset.text = $('tSave').textContent;
$('tCancel').addEventListener('click', stopEdit);
$('tAddLine').addEventListener('click', () => addLine().querySelector('select').focus());

async function serviceTypes() {
  const r = await api('GET', '/api/service-types');
  types = r.ok ? r.json.filter(s => s.active !== false) : [];
  if (!editing) { setLines([]); return; }
  // editing began before the services came: offer them on the lines shown, keeping each line's choice
  document.querySelectorAll('#tLines select').forEach(select => {
    const value = select.value;
    types.filter(s => ![...select.options].some(o => o.value === s.code))
      .forEach(s => select.append(el('option', { value: s.code }, s.name)));
    select.value = value;
  });
}

$('templateForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.currentTarget;
  const body = { name: $('tName').value.trim(), services: lines(),
    comment: $('tComment').value.trim() || null, deadlineRule: { days: Number($('tDays').value), time: $('tTime').value },
    priority: Number($('tPriority').value), source: $('tSource').value };
  const r = editing
    ? await api('PUT', '/api/request-templates/' + editing.id, body, { 'If-Match': '"' + editing.version + '"' })
    : await api('POST', '/api/request-templates', body);
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  if (editing) stopEdit();
  else setLines([]);
  clearProblems(form);
  $('tName').value = '';
  templates();
});

loadStaff().then(sources);
templates();
serviceTypes();
