// The shared interactive layer of the staff and technician pages (templates/layout.html): texts in the page's
// language, locale formats, calls to the API with the CSRF token, and RFC 9457 problems shown next to the fields they
// name. An ES module: pages import what they use. No framework, nothing from outside the service.

/** The page's texts (messages*.properties, keys js.* without the prefix), put in the page by the layout. */
const TEXTS = window.FP_TEXTS || {};
/** The page's language (en or ru), chosen by the server from ?lang=, the cookie or Accept-Language. */
export const lang = document.documentElement.lang || 'en';
const LOCALE = lang === 'ru' ? 'ru-RU' : 'en-GB';
const meta = name => (document.querySelector('meta[name="' + name + '"]') || {}).content;
/** The company's time zone: times are shown in it, whatever the browser's zone. */
export const TIME_ZONE = meta('fp-time-zone') || undefined;
/** Today (yyyy-mm-dd) in the company's time zone by the service's clock. */
export const today = () => meta('fp-today') || new Date().toISOString().slice(0, 10);
/** Whether a request with this deadline and status is overdue today (the desk API says so itself). */
export const isOverdue = (deadline, status) => Boolean(deadline) && deadline.slice(0, 10) < today()
  && !['done', 'accepted', 'cancelled', 'refused'].includes(status);

/** The text for a key with {0}, {1}... filled in; the key itself when the bundle has no such text (a visible bug). */
export function t(key, ...args) {
  const text = TEXTS[key];
  return text === undefined ? key : String(text).replace(/\{(\d+)\}/g, (m, i) => String(args[Number(i)] ?? ''));
}

/** A date (yyyy-mm-dd or an ISO instant) as people of the page's language write it. */
export function fmtDate(value) {
  if (!value) return '';
  const d = value.length === 10 ? new Date(value + 'T12:00:00') : new Date(value);
  return d.toLocaleDateString(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: value.length === 10 ? undefined : TIME_ZONE });
}

/** An instant as date and time in the page's language, in the company's time zone. */
export function fmtDateTime(value) {
  return value ? new Date(value).toLocaleString(LOCALE, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }) : '';
}

/** An instant's time of day (HH:MM) in the company's time zone. */
export function fmtTime(value) {
  return value ? new Date(value).toLocaleTimeString(LOCALE, { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }) : '';
}

/** A number in the page's language (grouping, decimal mark). */
export function fmtNumber(value, digits = 0) {
  return value == null ? '' : Number(value).toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The CSRF token of the session: the XSRF-TOKEN cookie, sent back as X-XSRF-TOKEN (see SecurityConfig). */
export function csrf() {
  const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/**
 * Calls the API on the session: JSON in and out, the CSRF header on every call, extra headers (If-Match...).
 * Answers {status, ok, json, etag}; json is the body (a problem for 4xx/5xx) or null.
 */
export async function api(method, path, body, headers = {}) {
  let response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', headers: Object.assign({
      'Accept': 'application/json, application/problem+json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrf(),
      // a 401 then comes without the Basic challenge, so no browser password dialog covers the page
      'X-Requested-With': 'XMLHttpRequest' }, headers),
    body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    return { status: 0, ok: false, json: { title: t('fp.failed', e.message) }, etag: null };
  }
  let json = null;
  try { json = await response.json(); } catch (e) { json = null; }
  return { status: response.status, ok: response.ok, json, etag: response.headers.get('ETag') };
}

/** Removes the problems shown in this form (or element). */
export function clearProblems(root) {
  root.querySelectorAll('.error[data-problem]').forEach(e => e.remove());
  root.querySelectorAll('[aria-invalid="true"]').forEach(e => { e.removeAttribute('aria-invalid'); e.removeAttribute('aria-describedby'); });
  root.querySelectorAll('.error[data-for="form"]').forEach(e => { e.textContent = ''; });
}

/**
 * Shows an RFC 9457 problem in a form: each entry of `errors` ({field, value, reason}, as the API's FieldProblem)
 * next to the element that names the field, found by data-field or name: exactly ("services[1].quantity"), then
 * with the indexes taken out ("services[].quantity", for repeated rows the n-th one), then by the part before the
 * first dot or bracket ("address"). What names no field goes to the form's .error[data-for=form] with the title and
 * detail. The first bad field gets the focus. Answers the number of errors shown next to fields.
 */
export function showProblem(root, problem, status) {
  clearProblems(root);
  const errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
  const general = [];
  let first = null;
  let placed = 0;
  errors.forEach(error => {
    const target = fieldElement(root, String(error.field || ''));
    if (!target) { general.push((error.field ? error.field + ': ' : '') + error.reason); return; }
    const message = document.createElement('p');
    message.className = 'error';
    message.dataset.problem = error.field;
    message.id = 'problem-' + Math.random().toString(36).slice(2);
    message.setAttribute('role', 'alert');
    message.textContent = error.reason;
    const input = target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea');
    if (input) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', message.id); }
    target.insertAdjacentElement('afterend', message);
    first = first || input || target;
    placed += 1;
  });
  const box = root.querySelector(':scope > .error[data-for="form"]') || root.querySelector('.error[data-for="form"]');
  const headline = general.length ? general.join(' ') : placed > 0 ? t('fp.invalid')
    : (problem && (problem.detail || problem.title)) || t('fp.failed', status || '?');
  if (box) box.textContent = headline;
  if (first && first.focus) first.focus();
  return placed;
}

function fieldElement(root, field) {
  if (!field) return null;
  const byName = name => root.querySelector('[data-field="' + CSS.escape(name) + '"]') || root.querySelector('[name="' + CSS.escape(name) + '"]');
  const exact = byName(field);
  if (exact) return exact;
  const index = field.match(/\[(\d+)\]/);
  const generic = field.replace(/\[\d+\]/g, '[]');
  if (index) {
    const all = root.querySelectorAll('[data-field="' + CSS.escape(generic) + '"]');
    if (all[Number(index[1])]) return all[Number(index[1])];
  }
  const head = field.split(/[.[]/)[0];
  return head !== field ? byName(head) : null;
}

/** A new element: el('td', {class: 'x', dataset: {id: 1}}, 'text', child...). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v == null || v === false) return;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  });
  children.flat().forEach(c => { if (c != null) e.append(c instanceof Node ? c : String(c)); });
  return e;
}

/** Calls fn at most once per `ms` of quiet (typing in a search box). */
export function debounce(fn, ms = 250) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** A status in words. */
export const statusText = code => t('status.' + code);

// the language links keep the page's other parameters (the day on the board, the filters of the list)
document.querySelectorAll('.fp-lang a[data-lang]').forEach(a => {
  const url = new URL(location.href);
  url.searchParams.set('lang', a.dataset.lang);
  a.href = url.pathname + url.search + url.hash;
});

/**
 * Uploads files to a request (the bytes as the body; the server finds the type from the content), optionally onto a
 * comment; answers the names refused with the server's reason, so the page can say which ones did not come along.
 */
export async function uploadFiles(requestId, files, commentId, visibility) {
  const refused = [];
  for (const file of [...files]) {
    const q = '?name=' + encodeURIComponent(file.name || 'file') + (commentId ? '&commentId=' + commentId : '')
      + (visibility ? '&visibility=' + visibility : '');
    let res;
    try {
      res = await fetch('/api/requests/' + requestId + '/files' + q, { method: 'POST', credentials: 'same-origin',
        headers: { 'X-XSRF-TOKEN': csrf(), 'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json, application/problem+json' },
        body: file });
    } catch (e) { refused.push(file.name + ': ' + e.message); continue; }
    if (res.status !== 201) {
      let p = null;
      try { p = await res.json(); } catch (e) { p = null; }
      refused.push(file.name + ': ' + ((p && (p.detail || p.title)) || res.status));
    }
  }
  return refused;
}

/** The files of a comment: thumbnails (images) or names, each opening the file. */
export function fileLinks(files) {
  return el('ul', { class: 'files' }, ...(files || []).map(f => el('li', { dataset: { file: f.id } },
    f.thumbnail ? el('a', { href: f.download, target: '_blank', rel: 'noopener' }, el('img', { src: f.thumbnail, alt: f.fileName, loading: 'lazy' })) : null,
    el('a', { href: f.download, target: '_blank', rel: 'noopener', class: 'name' }, f.fileName))));
}
