// The customer's cabinet (templates/cabinet/index.html): sign in with a one-time code or link, the organisation's
// requests with their progress, the request on the street map, the conversation with the office, the actions open now
// (agree or refuse a quote, move or cancel a visit, accept or dispute the work, rate it), a new request into a free
// window, the notification preferences. Talks to /api/public/* (sign-in, addresses, windows) and /api/cabinet/*.
// Texts come from the page's bundle (js.cabinet.*, js.book.*) in the page's language.
import { t as text, api, lang, fmtNumber, fmtDateTime, fmtTime, showProblem, clearProblems, el, debounce, uploadFiles, fileLinks } from '/assets/fp.js';

const t = (key, ...args) => text('cabinet.' + key, ...args);
const tb = (key, ...args) => text('book.' + key, ...args);
const $ = id => document.getElementById(id);
const LOCALE = lang === 'ru' ? 'ru-RU' : 'en-GB';
const SECTIONS = ['signin', 'list', 'detail', 'new', 'prefs'];
const state = { current: null, etag: null, stars: 0, map: null, moveTo: null, newWindow: null, point: null, key: null,
  declined: new Set() };

const show = (...ids) => SECTIONS.forEach(id => { $(id).hidden = !ids.includes(id); });
const money = (value, from) => (from ? tb('from') + ' ' : '') + fmtNumber(value, 2) + ' €';
const dayLabel = iso => new Date(iso + 'T12:00:00').toLocaleDateString(LOCALE, { weekday: 'short', day: 'numeric', month: 'short' });
const fmtWindow = w => w ? fmtDateTime(w.start) + '–' + fmtTime(w.end) : '';
const statusText = code => t('status.' + code);
const problemText = r => (r.json && (r.json.detail || r.json.title)) || text('fp.failed', r.status);

// ---- signing in ------------------------------------------------------------------------------------------------
$('codeForm').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await api('POST', '/api/public/sign-in/code', { contact: $('contact').value.trim(), lang });
  if (r.status !== 202) { showProblem($('codeForm'), r.json, r.status); return; }
  clearProblems($('codeForm'));
  $('verifyForm').hidden = false;
  $('code').focus();
});

$('verifyForm').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await api('POST', '/api/public/sign-in/verify', { contact: $('contact').value.trim(), code: $('code').value.trim() });
  if (r.status !== 200) { showProblem($('verifyForm'), r.json, r.status); return; }
  signedIn(r.json, location.pathname + location.search);
});

/** After a sign-in: the page again in the customer's stored language (a new page: its texts are the server's). */
function signedIn(who, target) {
  const url = new URL(target, location.origin);
  url.searchParams.delete('token');
  if (who.language && who.language !== lang) url.searchParams.set('lang', who.language);
  if (url.pathname.startsWith('/cabinet/sign-in')) url.pathname = '/cabinet';
  if (url.href === location.href) { route(); } else { location.replace(url.pathname + url.search); }
}

// ---- the list ---------------------------------------------------------------------------------------------------
async function openList() {
  const r = await api('GET', '/api/cabinet/requests');
  if (!r.ok) { $('loadError').textContent = problemText(r); return; }
  $('requests').replaceChildren(...r.json.map(req => el('li', null, el('a', { href: '/cabinet/requests/' + req.id, dataset: { id: req.id } },
    el('span', { class: 'num', text: req.registrationNumber }), ' ',
    el('span', { class: 'st st-' + req.status, text: statusText(req.status) }),
    el('span', { class: 'hint', text: [req.services.map(s => s.service).join(', '), fmtWindow(req.window) || req.addressLine].join(' · ') })))));
  $('empty').hidden = r.json.length > 0;
  show('list', 'prefs');
}

// ---- one request ---------------------------------------------------------------------------------------------
async function openRequest(id, focus) {
  const r = await api('GET', '/api/cabinet/requests/' + id);
  if (r.status === 404) { $('loadError').textContent = t('notFound'); await openList(); return; }
  if (!r.ok) { $('loadError').textContent = problemText(r); return; }
  const req = r.json;
  state.current = req;
  state.etag = r.etag;
  document.title = req.registrationNumber + ' · ' + t('title');
  $('d-number').textContent = req.registrationNumber;
  $('d-status').textContent = statusText(req.status);
  $('d-status').className = 'status st-' + req.status;
  const facts = [
    [t('services'), req.services.map(s => s.quantity > 1 ? s.service + ' × ' + s.quantity : s.service).join(', ')],
    [t('address'), req.addressLine],
    [req.status === 'new' || req.status === 'quoted' ? t('wished') : t('when'), fmtWindow(req.window)],
    [t('technician'), req.technicianName],
    [t('total'), money(req.total, req.totalIsFrom)]
  ].filter(([, v]) => v);
  $('d-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v, dataset: { fact: k } })]));
  $('d-timeline').replaceChildren(...req.timeline.map(s => el('li', { dataset: { status: s.status } },
    el('span', { text: statusText(s.status) }), el('time', { datetime: s.at, text: fmtDateTime(s.at) }))));
  renderActions(req, focus);
  renderRating(req);
  $('d-messages').replaceChildren(...req.messages.map(m => el('li', { class: m.mine ? 'mine' : m.fromOffice ? 'office' : 'customer' },
    el('small', { text: (m.mine ? t('you') : m.fromOffice ? t('office') : m.author) + ' · ' + fmtDateTime(m.at) }),
    el('div', { class: 'body', text: m.body }), m.files && m.files.length ? fileLinks(m.files) : null)));
  $('d-reschedule').hidden = true;
  show('detail');
  showOnMap(req);
  showDocuments(req);
}

// the specification (quote) and the act of completed work, as PDF in the page's language
async function showDocuments(req) {
  const r = await api('GET', '/api/requests/' + req.id + '/documents');
  const docs = r.ok && Array.isArray(r.json) ? r.json : [];
  $('d-documents').replaceChildren(...docs.map(d => el('li', { dataset: { kind: d.kind, number: d.number, state: d.state } },
    el('a', { href: d.pdf + (d.pdf.includes('?') ? '&' : '?') + 'lang=' + lang, target: '_blank', rel: 'noopener',
      text: t('doc.' + d.kind, d.number) }), ' · ' + money(d.total, d.from) + ' · ' + t('docState.' + d.state)
      + ' · ' + fmtDateTime(d.issuedAt))));
  $('d-docs').hidden = docs.length === 0;
}

function showOnMap(req) {
  const box = $('basemap');
  if (!window.FieldPlanMap) { box.hidden = true; return; }
  const point = { type: 'Feature', geometry: { type: 'Point', coordinates: [req.lon, req.lat] }, properties: { label: '', requestId: req.id } };
  try {
    if (!state.map) state.map = FieldPlanMap.mount(box, { center: [req.lon, req.lat], zoom: 15 });
    state.map.then(m => { m.setStops([point]); m.map.jumpTo({ center: [req.lon, req.lat], zoom: 15 }); })
      .catch(() => { box.hidden = true; });
  } catch (e) {
    box.hidden = true; // no WebGL: the address above says where
  }
}

function renderActions(req, focus) {
  const box = $('d-actions');
  box.replaceChildren();
  const kinds = { agree: 'go', accept: 'go', refuse: 'stop', dispute: 'stop', cancel: 'stop', reschedule: '' };
  req.actions.filter(a => a.action in kinds).forEach(a => {
    const b = el('button', { type: 'button', class: kinds[a.action], dataset: { action: a.action }, text: t('action.' + a.action) });
    b.addEventListener('click', () => act(a.action, b));
    if (a.action === focus) { b.classList.add('focus'); setTimeout(() => b.scrollIntoView({ block: 'center' }), 0); }
    box.append(b);
  });
  const rule = req.status === 'scheduled' && !req.actions.some(a => a.action === 'reschedule');
  $('d-rule').hidden = !rule;
  $('d-rule').textContent = rule ? t('tooLate') : '';
  $('actionError').textContent = '';
}

async function act(action, button) {
  if (action === 'reschedule') { openReschedule(); return; }
  // a second press confirms what cannot be undone here (cancel, refuse, dispute)
  if (button.classList.contains('stop') && button.dataset.armed !== 'yes') {
    button.dataset.armed = 'yes';
    button.textContent = t('confirm.' + action);
    return;
  }
  const r = await api('POST', '/api/cabinet/requests/' + state.current.id + '/actions', { action },
    state.etag ? { 'If-Match': state.etag } : {});
  if (!r.ok) { $('actionError').textContent = problemText(r); return; }
  await openRequest(state.current.id);
}

// moving a scheduled visit: the free windows of the public search, then the cabinet's reschedule
async function openReschedule() {
  const req = state.current;
  const box = $('d-reschedule');
  state.moveTo = null;
  $('r-confirm').disabled = true;
  const line = req.services[0];
  await pickWindow(box, { lat: req.lat, lon: req.lon, service: line.serviceCode, quantity: line.quantity }, (date, w) => {
    state.moveTo = { date, start: w.start };
    $('r-confirm').disabled = false;
    $('r-confirm').textContent = t('moveTo', dayLabel(date), w.start + '–' + w.end);
  });
  box.scrollIntoView({ block: 'start' });
}

$('r-confirm').addEventListener('click', async () => {
  if (!state.moveTo) return;
  $('r-confirm').disabled = true;
  const r = await api('POST', '/api/cabinet/requests/' + state.current.id + '/reschedule?lang=' + lang, state.moveTo);
  $('r-confirm').disabled = false;
  if (!r.ok) { showProblem($('d-reschedule'), r.json, r.status); return; }
  await openRequest(state.current.id);
});

/** Days and windows of the public window search in `box` (.days, .windows); `onPick(date, window)` on a choice. */
async function pickWindow(box, query, onPick) {
  const params = new URLSearchParams(Object.assign({}, query, { lang }));
  const r = await api('GET', '/api/public/windows?' + params);
  if (!r.ok) { showProblem(box.closest('form') || box, r.json, r.status); return null; }
  const data = r.json;
  const message = box.querySelector('.notice');
  if (message) { message.hidden = !data.message; message.textContent = data.message || ''; }
  let day = (data.days.find(d => d.windows.some(w => w.available)) || data.days[0] || {}).date;
  const render = () => {
    box.querySelector('.days').replaceChildren(...data.days.map(d => {
      const free = d.windows.filter(w => w.available).length;
      return el('button', { type: 'button', role: 'tab', class: free ? null : 'none', 'aria-selected': String(d.date === day),
        dataset: { date: d.date }, onclick: () => { day = d.date; render(); } },
      el('span', { text: dayLabel(d.date) }), el('span', { class: 'free', text: free ? tb('free', free) : tb('full') }));
    }));
    const d = data.days.find(x => x.date === day);
    box.querySelector('.windows').replaceChildren(...(d ? d.windows : []).map(w => {
      const b = el('button', { type: 'button', disabled: !w.available, class: w.available && w.rank <= 3 ? 'best' : null,
        dataset: { start: w.start } }, w.start + '–' + w.end,
      el('small', { text: w.available ? (w.rank === 1 ? tb('best') : tb('travel', w.addedTravelMinutes)) : w.reason }));
      if (w.available) {
        b.addEventListener('click', () => {
          box.querySelectorAll('.windows button').forEach(x => x.classList.remove('chosen'));
          b.classList.add('chosen');
          onPick(d.date, w);
        });
      }
      return b;
    }));
  };
  render();
  box.hidden = false;
  return data;
}

// ---- rating and comments -------------------------------------------------------------------------------------
function renderRating(req) {
  const canRate = req.actions.some(a => a.action === 'rate');
  $('d-rate').hidden = !canRate;
  $('d-rating').hidden = !req.rating;
  if (req.rating) $('d-rating').textContent = t('rated', '★'.repeat(req.rating.stars)) + (req.rating.text ? ' — ' + req.rating.text : '');
  stars(0);
}

function stars(n) {
  state.stars = n;
  $('stars').replaceChildren(...[1, 2, 3, 4, 5].map(i => el('button', { type: 'button', role: 'radio', class: i <= n ? 'on' : null,
    'aria-checked': String(i === n), 'aria-label': t('stars', i), dataset: { stars: i }, onclick: () => stars(i) }, '★')));
}

$('d-rate').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await api('PUT', '/api/cabinet/requests/' + state.current.id + '/rating',
    { stars: state.stars || null, text: $('rating-text').value.trim() || null });
  if (!r.ok) { showProblem($('d-rate'), r.json, r.status); return; }
  await openRequest(state.current.id);
});

$('commentForm').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await api('POST', '/api/cabinet/requests/' + state.current.id + '/comments', { body: $('comment').value });
  if (r.status !== 201) { showProblem($('commentForm'), r.json, r.status); return; }
  $('comment').value = '';
  clearProblems($('commentForm'));
  // the files follow onto the comment; any refused are named (the comment stays)
  const refused = await uploadFiles(state.current.id, $('comment-files').files, r.json.id, null);
  $('comment-files').value = '';
  await openRequest(state.current.id);
  if (refused.length) showProblem($('commentForm'), { title: t('refusedFiles', refused.join('; ')) }, 415);
});

// ---- a new request ---------------------------------------------------------------------------------------------
async function openNew() {
  const r = await api('GET', '/api/public/services?lang=' + lang);
  $('n-service').replaceChildren(...(r.json || []).map(s => el('option', { value: s.code,
    dataset: { price: s.price, from: String(s.priceIsFrom) } }, s.name + ' · ' + money(s.price, s.priceIsFrom))));
  state.key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  state.declined = new Set();
  newTotal();
  show('new');
}

// the preliminary total, priced by the server for this customer (POST /api/prices/preview: the zone's modifiers, the
// extra services of the zone and of the customer's management company once the address is known): the page never
// multiplies prices itself. Each extra is a line of its own, removable before sending (sent as declinedExtras), and the
// booking stores exactly the lines shown.
let pricing = 0;
async function newTotal() {
  const mine = ++pricing;
  const code = $('n-service').value;
  const qty = parseInt($('n-quantity').value || '1', 10);
  if (!code || !(qty > 0)) { $('n-total').textContent = ''; showExtras([]); return; }
  const body = { services: [{ serviceTypeCode: code, quantity: qty }], declinedExtras: [...state.declined], lang };
  if (state.point) { body.lat = state.point.lat; body.lon = state.point.lon; }
  const r = await api('POST', '/api/prices/preview', body);
  if (mine !== pricing) return; // a newer choice is being priced
  $('n-total').textContent = r.status === 200 ? tb('total', r.json.totalText) : '';
  showExtras(r.status === 200 ? r.json.extras : []);
}

function showExtras(extras) {
  const list = $('n-extras');
  list.replaceChildren(...extras.map(x => el('li', { class: 'extra-line', dataset: { code: x.serviceTypeCode } },
    el('span', {}, tb('extra', x.serviceTypeName + ' × ' + x.quantity, x.lineTotalText)),
    el('button', { type: 'button', class: 'secondary remove-extra', 'aria-label': tb('removeExtra', x.serviceTypeName),
      onclick: e => { state.declined.add(x.serviceTypeCode); e.currentTarget.parentElement.remove(); newTotal(); } }, '×'))));
  list.hidden = extras.length === 0;
}
$('n-service').addEventListener('change', () => { newTotal(); resetWindow(); });
$('n-quantity').addEventListener('input', () => { newTotal(); resetWindow(); });

function resetWindow() {
  state.newWindow = null;
  $('n-book').disabled = true;
  $('n-when').hidden = true;
}

const suggest = debounce(async () => {
  const q = $('n-address').value.trim();
  const list = $('n-suggestions');
  if (q.length < 2) { list.hidden = true; return; }
  const r = await api('GET', '/api/public/addresses?limit=8&q=' + encodeURIComponent(q));
  const found = r.ok ? r.json : [];
  list.replaceChildren(...found.map(s => el('li', { role: 'option', tabindex: '-1', text: s.label,
    onclick: () => { $('n-address').value = s.label; state.point = { lat: s.lat, lon: s.lon }; list.hidden = true;
      $('n-address').setAttribute('aria-expanded', 'false'); resetWindow(); newTotal(); } })));
  list.hidden = found.length === 0;
  $('n-address').setAttribute('aria-expanded', String(found.length > 0));
}, 200);
$('n-address').addEventListener('input', () => { state.point = null; resetWindow(); suggest(); });
$('n-address').addEventListener('keydown', e => {
  const items = [...$('n-suggestions').querySelectorAll('li')];
  if (!items.length || $('n-suggestions').hidden) return;
  const at = items.findIndex(li => li.getAttribute('aria-selected') === 'true');
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = e.key === 'ArrowDown' ? Math.min(items.length - 1, at + 1) : Math.max(0, at - 1);
    items.forEach((li, i) => li.setAttribute('aria-selected', String(i === next)));
  } else if (e.key === 'Enter' && at >= 0) {
    e.preventDefault();
    items[at].click();
  } else if (e.key === 'Escape') {
    $('n-suggestions').hidden = true;
  }
});

$('n-find').addEventListener('click', async () => {
  clearProblems($('newForm'));
  if (!state.point) { showProblem($('newForm'), { errors: [{ field: 'lat', reason: tb('pickAddress') }] }); return; }
  await pickWindow($('n-when'), { lat: state.point.lat, lon: state.point.lon, service: $('n-service').value,
    quantity: $('n-quantity').value || '1' }, (date, w) => {
    state.newWindow = { date, start: w.start };
    $('n-book').disabled = false;
  });
});

function addressLine() {
  const house = $('n-house').value.trim();
  return house ? $('n-address').value.trim() + ', ' + house : $('n-address').value.trim();
}

$('newForm').addEventListener('submit', async e => {
  e.preventDefault();
  if (!state.newWindow || !state.point) return;
  $('n-book').disabled = true;
  const r = await api('POST', '/api/cabinet/bookings', { lat: state.point.lat, lon: state.point.lon, addressLine: addressLine(),
    service: $('n-service').value, quantity: parseInt($('n-quantity').value || '1', 10), date: state.newWindow.date,
    start: state.newWindow.start, comment: $('n-comment').value.trim() || null, declinedExtras: [...state.declined], lang },
    { 'Idempotency-Key': state.key });
  $('n-book').disabled = false;
  if (r.status === 201 || r.status === 200) { location.assign('/cabinet/requests/' + r.json.requestId); return; }
  showProblem($('newForm'), r.json, r.status);
  if (r.status === 409) { state.key = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()); }
});

// ---- preferences ---------------------------------------------------------------------------------------------
function prefsFill(p) {
  if (!p) return;
  $('p-lang').value = p.language || lang;
  $('p-channel').value = p.channel || 'email';
  $('p-out').checked = Boolean(p.optedOut);
  $('p-telegram').value = p.telegramChatId || '';
}

$('prefsForm').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await api('PUT', '/api/cabinet/preferences', { language: $('p-lang').value, channel: $('p-channel').value,
    optedOut: $('p-out').checked, telegramChatId: $('p-telegram').value.trim() || null });
  if (!r.ok) { showProblem($('prefsForm'), r.json, r.status); return; }
  clearProblems($('prefsForm'));
  $('p-saved').hidden = false;
  setTimeout(() => { $('p-saved').hidden = true; }, 2500);
});

// ---- where to go -----------------------------------------------------------------------------------------------
async function route() {
  const me = await api('GET', '/api/cabinet');
  if (me.status === 401 || me.status === 403) { show('signin'); $('contact').focus(); return; }
  if (!me.ok) { $('loadError').textContent = problemText(me); return; }
  $('organisation').textContent = me.json.customerName;
  prefsFill(me.json.preferences);
  const params = new URLSearchParams(location.search);
  const m = location.pathname.match(/^\/cabinet\/requests\/(\d+)/);
  if (m) { await openRequest(m[1], params.get('action')); return; }
  if (location.pathname === '/cabinet/new') { await openNew(); return; }
  await openList();
}

async function start() {
  const params = new URLSearchParams(location.search);
  if (location.pathname.startsWith('/cabinet/sign-in') && params.get('token')) {
    const r = await api('POST', '/api/public/sign-in/verify', { token: params.get('token') });
    if (r.status !== 200) {
      history.replaceState(null, '', '/cabinet');
      show('signin');
      $('tokenError').textContent = problemText(r);
      return;
    }
    signedIn(r.json, params.get('next') && params.get('next').startsWith('/cabinet') ? params.get('next') : '/cabinet');
    return;
  }
  await route();
}

start();
