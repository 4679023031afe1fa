// The desk's new request, taken on the phone: find or create the customer, the address from suggestions (with its
// zone and responsible dispatcher), services with quantities, source, priority, deadline, comment, and a free window
// from the same window search as the public booking form. Registers with POST /api/requests; problems land next to
// the fields they name.
import { api, t, el, lang, debounce, fmtDate, fmtDateTime, fmtNumber, showProblem, clearProblems, TIME_ZONE, today } from '/assets/fp.js';

const form = document.getElementById('request');
const $ = id => document.getElementById(id);
const state = { customer: null, address: null, window: null, serviceTypes: [], declined: new Set() };

// ---- dates: the company's local dates and times as the API's instants
const plusDays = (date, days) => { const d = new Date(date + 'T12:00:00Z'); d.setUTCDate(d.getUTCDate() + days); return d.toISOString().slice(0, 10); };
/** yyyy-mm-dd + HH:MM in the company's time zone as an ISO instant with its offset (2026-06-02T10:00:00+02:00). */
function instant(date, hm) {
  const guess = new Date(date + 'T' + hm + ':00Z');
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(guess).map(p => [p.type, p.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  const offset = Math.round((local - guess.getTime()) / 60000);
  const abs = Math.abs(offset);
  return date + 'T' + hm + ':00' + (offset < 0 ? '-' : '+') + String(Math.floor(abs / 60)).padStart(2, '0') + ':' + String(abs % 60).padStart(2, '0');
}

// ---- a small accessible combobox: type, arrows, Enter, Escape
function combobox(input, list, search, render, choose) {
  let items = [];
  let active = -1;
  const close = () => { list.innerHTML = ''; input.setAttribute('aria-expanded', 'false'); active = -1; };
  const mark = () => [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
  const run = debounce(async () => {
    items = await search(input.value.trim());
    list.innerHTML = '';
    items.forEach((item, i) => {
      const li = el('li', { role: 'option', id: list.id + '-' + i, 'aria-selected': 'false' }, ...render(item));
      li.addEventListener('mousedown', e => { e.preventDefault(); choose(item); close(); });
      list.append(li);
    });
    input.setAttribute('aria-expanded', String(items.length > 0));
  });
  input.addEventListener('input', run);
  input.addEventListener('keydown', e => {
    if (!items.length || !list.children.length) return;
    if (e.key === 'ArrowDown') { active = Math.min(items.length - 1, active + 1); mark(); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { active = Math.max(0, active - 1); mark(); e.preventDefault(); }
    else if (e.key === 'Enter' && active >= 0) { choose(items[active]); close(); e.preventDefault(); }
    else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}

// ---- customer
combobox($('customerQuery'), $('customerList'), async q => {
  if (q.length < 2) return [];
  const r = await api('GET', '/api/customers?limit=8&q=' + encodeURIComponent(q));
  if (r.ok && !r.json.length) $('customerChosen').textContent = t('new.noCustomer');
  return r.ok ? r.json : [];
}, c => [c.name, el('small', {}, [c.phone, c.email].filter(Boolean).join(' · '))], chooseCustomer);

function chooseCustomer(c) {
  state.customer = c;
  form.elements.customerId.value = c.id;
  $('customerQuery').value = c.name;
  $('customerChosen').textContent = t('new.chosen', [c.name, c.phone, c.email].filter(Boolean).join(' · '));
  price(); // the customer's management company may offer extras
  clearProblems($('customerQuery').parentElement.parentElement);
  // the customer's saved addresses come first among the suggestions
  if (c.addresses && c.addresses.length && !state.address) {
    const list = $('addressList');
    list.innerHTML = '';
    c.addresses.forEach(a => {
      const li = el('li', { role: 'option' }, a.line + (a.city ? ', ' + a.city : ''), el('small', {}, t('new.savedAddress')));
      li.addEventListener('mousedown', e => { e.preventDefault(); chooseAddress({ label: a.line + (a.city ? ', ' + a.city : ''),
        lat: a.location.lat, lon: a.location.lon }); list.innerHTML = ''; });
      list.append(li);
    });
  }
}

$('createCustomer').addEventListener('click', async () => {
  const box = $('customerForm');
  const body = { name: $('cName').value.trim(), phone: $('cPhone').value.trim() || null, email: $('cEmail').value.trim() || null,
    kind: 'resident', language: lang };
  const r = await api('POST', '/api/customers', body);
  if (!r.ok) { showProblem(box, r.json, r.status); return; }
  clearProblems(box);
  $('newCustomer').open = false;
  chooseCustomer(r.json);
});

// ---- address
let addressesApi = '/api/addresses?limit=10&q='; // the desk's search with zones; the public one until it is deployed
combobox($('address'), $('addressList'), async q => {
  state.address = null;
  $('zone').textContent = '';
  $('pinBox').hidden = true;
  if (q.length < 2) return [];
  let r = await api('GET', addressesApi + encodeURIComponent(q));
  if (r.status === 404 && addressesApi.startsWith('/api/addresses')) {
    addressesApi = '/api/public/addresses?limit=8&q=';
    r = await api('GET', addressesApi + encodeURIComponent(q));
  }
  if (!r.ok) { showProblem(form, r.json, r.status); return []; }
  if (!r.json.length) $('zone').textContent = t('new.noAddress');
  return r.json;
}, a => [a.label, a.zones ? el('small', {}, a.zones.length ? a.zones.map(z => z.name + (z.dispatcher ? ' · ' + z.dispatcher : '')).join(', ')
  : t('new.outside')) : null],
chooseAddress);

function chooseAddress(a) {
  state.address = a;
  $('address').value = a.label;
  clearProblems($('address').parentElement.parentElement);
  const zone = $('zone');
  if (!a.zones) zone.textContent = t('new.zoneOnSave');
  else if (!a.zones.length) zone.textContent = t('new.outside');
  else zone.textContent = a.zones.map(z => t('new.zone', z.name, z.dispatcher || '—')).join('; ');
  if (a.exact === false) zone.textContent += ' ' + t('new.notExact');
  zone.className = a.zones && !a.zones.length ? 'notice' : 'hint';
  resetWindows();
  price(); // the zone's modifiers and extras
  showPin(a);
}

// ---- the door on the map: a pin at the suggestion's point; dragging it or clicking the map moves the request's point
let pin = null;
async function showPin(a) {
  if (!window.FieldPlanMap) return;
  $('pinBox').hidden = false;
  if (!pin) {
    const handle = await FieldPlanMap.mount($('pinMap'), { center: [a.lon, a.lat], zoom: 17 });
    const marker = new window.maplibregl.Marker({ draggable: true, color: '#c0392b' }).setLngLat([a.lon, a.lat]).addTo(handle.map);
    marker.on('dragend', () => placeDoor(marker.getLngLat()));
    handle.map.on('click', e => { marker.setLngLat(e.lngLat); placeDoor(e.lngLat); });
    pin = { handle, marker };
  } else {
    pin.handle.map.resize(); // the box was hidden meanwhile
    pin.marker.setLngLat([a.lon, a.lat]);
    pin.handle.map.jumpTo({ center: [a.lon, a.lat], zoom: 17 });
  }
  $('pinAt').textContent = t('new.pinAt', a.lat.toFixed(6), a.lon.toFixed(6));
}

function placeDoor(lngLat) {
  if (!state.address) return;
  state.address.lat = Math.round(lngLat.lat * 1e7) / 1e7;
  state.address.lon = Math.round(lngLat.lng * 1e7) / 1e7;
  state.address.pinned = true;
  $('pinAt').textContent = t('new.pinAt', state.address.lat.toFixed(6), state.address.lon.toFixed(6)) + ' · ' + t('new.pinSet');
  resetWindows(); // the windows depend on the point
}

// ---- services
async function loadServiceTypes() {
  const r = await api('GET', '/api/service-types');
  state.serviceTypes = r.ok ? r.json.filter(s => s.active !== false) : [];
  addService();
}

function addService() {
  const row = $('serviceRow').content.firstElementChild.cloneNode(true);
  const select = row.querySelector('select');
  const n = document.querySelectorAll('.service-row').length;
  select.id = 'service-' + n;
  row.querySelector('label').htmlFor = select.id;
  const quantity = row.querySelector('.quantity');
  quantity.id = 'quantity-' + n;
  row.querySelectorAll('label')[1].htmlFor = quantity.id;
  state.serviceTypes.forEach(s => select.append(el('option', { value: s.code }, s.name)));
  row.querySelector('.remove').addEventListener('click', () => { if (document.querySelectorAll('.service-row').length > 1) { row.remove(); price(); resetWindows(); } });
  row.addEventListener('change', () => { price(); resetWindows(); });
  $('services').append(row);
  price();
}

function lines() {
  return [...document.querySelectorAll('.service-row')].map(r => ({ serviceTypeCode: r.querySelector('.service').value,
    quantity: Number(r.querySelector('.quantity').value) }));
}

// the preliminary price, computed by the server (POST /api/prices/preview) for the customer and the address: the zone's
// modifiers, and the extra services of the zone and the customer's management company as lines of their own, each
// removable before registering (sent as declinedExtras; the request stores exactly the lines shown)
let pricing = 0;
async function price() {
  const mine = ++pricing;
  const asked = lines().filter(l => l.serviceTypeCode && l.quantity >= 1);
  if (!asked.length) { $('price').textContent = ''; showExtras([]); return; }
  const body = { services: asked, declinedExtras: [...state.declined], lang };
  if (form.elements.customerId.value) body.customerId = Number(form.elements.customerId.value);
  if (state.address) { body.lat = state.address.lat; body.lon = state.address.lon; }
  const r = await api('POST', '/api/prices/preview', body);
  if (mine !== pricing) return; // a newer change is being priced
  $('price').textContent = r.ok ? r.json.totalText : '';
  showExtras(r.ok ? r.json.extras : []);
}

function showExtras(extras) {
  const list = $('extras');
  list.replaceChildren(...extras.map(x => el('li', { class: 'extra-line', dataset: { code: x.serviceTypeCode } },
    el('span', {}, t('new.extra', x.serviceTypeName + ' × ' + x.quantity, x.lineTotalText)), ' ',
    el('button', { type: 'button', class: 'remove-extra', 'aria-label': t('new.removeExtra', x.serviceTypeName),
      onclick: e => { state.declined.add(x.serviceTypeCode); e.currentTarget.parentElement.remove(); price(); } }, '×'))));
  list.hidden = extras.length === 0;
}

$('addService').addEventListener('click', addService);

// ---- windows: the public form's search (GET /api/public/windows), the first service decides the length
function resetWindows() {
  state.window = null;
  $('windows').innerHTML = '';
  $('windowChosen').textContent = '';
}

$('findWindows').addEventListener('click', async () => {
  const box = $('windows');
  const first = lines()[0];
  if (!state.address || !first) { box.textContent = t('new.pickAddressService'); return; }
  box.textContent = t('fp.loading');
  // the days are the booking horizon of the public form (from tomorrow, as the service decides)
  const params = new URLSearchParams({ lat: state.address.lat, lon: state.address.lon, service: first.serviceTypeCode,
    quantity: String(first.quantity || 1), lang });
  const r = await api('GET', '/api/public/windows?' + params);
  box.innerHTML = '';
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  const days = r.json.days.map(d => ({ date: d.date, windows: d.windows.filter(w => w.available) })).filter(d => d.windows.length);
  if (!days.length) { box.append(el('p', { class: 'hint' }, r.json.message || t('new.noWindows'))); return; }
  days.forEach(d => {
    box.append(el('h3', { style: 'font-size: 1rem; margin: 12px 0 6px' }, fmtDate(d.date)));
    box.append(el('div', { class: 'windows', role: 'group', 'aria-label': fmtDate(d.date) }, d.windows.map(w =>
      el('button', { type: 'button', class: 'window', 'aria-pressed': 'false', dataset: { date: d.date, start: w.start, end: w.end },
        onclick: e => chooseWindow(e.currentTarget, d.date, w) }, w.start + '–' + w.end))));
  });
});

function chooseWindow(button, date, w) {
  document.querySelectorAll('#windows button.window').forEach(b => b.setAttribute('aria-pressed', String(b === button)));
  state.window = { date, start: w.start, end: w.end };
  $('windowChosen').textContent = t('new.windowChosen', fmtDate(date), w.start, w.end);
  if (form.elements.deadline.value && form.elements.deadline.value < date) form.elements.deadline.value = plusDays(date, 7);
}

// ---- templates: a service set, a comment, a deadline rule, priority and source in one step
async function loadTemplates() {
  const r = await api('GET', '/api/request-templates');
  if (!r.ok || !r.json.length) return;
  state.templates = r.json;
  r.json.forEach(x => $('template').append(el('option', { value: x.id }, x.name)));
  $('templateBox').hidden = false;
}

$('template').addEventListener('change', () => {
  const x = (state.templates || []).find(y => String(y.id) === $('template').value);
  if (!x) return;
  document.querySelectorAll('.service-row').forEach(r => r.remove());
  x.services.forEach(line => { addService(); const rows = document.querySelectorAll('.service-row'); const row = rows[rows.length - 1];
    row.querySelector('.service').value = line.serviceTypeCode; row.querySelector('.quantity').value = line.quantity; });
  if (!x.services.length) addService();
  if (x.comment) form.elements.description.value = x.comment;
  if (x.deadline) form.elements.deadline.value = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(x.deadline));
  if (x.priority) form.elements.priority.value = String(x.priority);
  if (x.source) form.elements.source.value = x.source;
  price();
  resetWindows();
});

// ---- register
form.addEventListener('submit', async e => {
  e.preventDefault();
  if (!state.created) {
    const missing = [];
    if (!form.elements.customerId.value) missing.push({ field: 'customerId', reason: t('new.chooseCustomer') });
    if (!state.address) missing.push({ field: 'address', reason: t('new.chooseAddress') });
    if (missing.length) { showProblem(form, { errors: missing }); return; }
    const deadline = form.elements.deadline.value;
    const body = {
      customerId: Number(form.elements.customerId.value),
      address: { line: state.address.label, lat: state.address.lat, lon: state.address.lon },
      services: lines(),
      source: form.elements.source.value,
      priority: Number(form.elements.priority.value),
      deadline: deadline ? instant(deadline, '23:59') : null,
      preferredWindow: state.window ? { start: instant(state.window.date, state.window.start), end: instant(state.window.date, state.window.end) } : null,
      description: form.elements.description.value.trim() || null,
      declinedExtras: [...state.declined]
    };
    $('save').disabled = true;
    // completing an e-mail draft registers through the inbox: source e-mail, the e-mail's files onto the request
    const r = await api('POST', state.draft ? '/api/inbox/drafts/' + state.draft.id + '/register' : '/api/requests', body);
    $('save').disabled = false;
    if (!r.ok) { showProblem(form, r.json, r.status); return; }
    state.created = r.json;
  }
  // the chosen window: booked onto a route now, under the same re-check as the public form
  if (state.window) {
    $('save').disabled = true;
    const b = await api('POST', '/api/desk/requests/' + state.created.id + '/booking?lang=' + lang,
      { date: state.window.date, start: state.window.start });
    $('save').disabled = false;
    if (!b.ok) {
      showProblem(form, b.json, b.status);
      $('windowChosen').textContent = t('new.notBooked', state.created.registrationNumber);
      lockRegistered();
      return;
    }
  }
  location.href = '/desk/requests/' + state.created.id + '?created=1';
});

/** After a registration whose window was lost: only another window (or none) can be chosen; no second request. */
function lockRegistered() {
  form.querySelectorAll('#customerQuery, #address, #services select, #services input, #addService, .remove, #source, #priority, #deadline, #description, #template')
    .forEach(x => { x.disabled = true; });
  $('save').textContent = t('new.bookAgain');
}

// ---- an e-mail draft to complete (/desk/new?draft=id, from /desk/drafts): the sender's customer or a new one with
// that address, the e-mail's text as the comment, source e-mail; its files move onto the request when it is registered
async function loadDraft(id) {
  const r = await api('GET', '/api/inbox/drafts/' + encodeURIComponent(id));
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  const d = r.json;
  state.draft = d;
  $('draftBox').hidden = false;
  $('draftFrom').textContent = t('new.draftFrom', d.from || '—', fmtDateTime(d.receivedAt), d.subject || '');
  $('draftFiles').textContent = d.files && d.files.length ? t('new.draftFiles', d.files.map(f => f.fileName).join(', ')) : '';
  if (d.body && !form.elements.description.value) form.elements.description.value = d.body.slice(0, 3900);
  if ([...form.elements.source.options].some(o => o.value === 'email')) form.elements.source.value = 'email';
  form.elements.source.disabled = true;
  if (!d.from) return;
  const found = await api('GET', '/api/customers?limit=8&q=' + encodeURIComponent(d.from));
  const match = found.ok ? found.json.find(c => (c.email || '').toLowerCase() === d.from.toLowerCase()) : null;
  if (match) {
    chooseCustomer(match);
    $('customerChosen').textContent = t('new.draftFound', [match.name, match.phone, match.email].filter(Boolean).join(' · '));
  } else {
    $('newCustomer').open = true;
    $('cEmail').value = d.from;
    $('cName').value = d.from.split('@')[0].replace(/[._-]+/g, ' ').replace(/\b\w/g, x => x.toUpperCase());
    $('customerChosen').textContent = t('new.draftNoCustomer', d.from);
  }
}

form.elements.deadline.value = plusDays(today(), 14);
const draftId = new URLSearchParams(location.search).get('draft');
loadServiceTypes().then(loadTemplates).then(() => draftId ? loadDraft(draftId) : null);
