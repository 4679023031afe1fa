// The week calendar beside the one-day board: seven days from a day (in the URL), each technician's visits per day
// from /api/desk/week; a visit opens its card, a day's heading opens that day's board.
import { api, t, el, fmtDate, showProblem, clearProblems, statusText, today } from '/assets/fp.js';

const $ = x => document.getElementById(x);
const params = new URLSearchParams(location.search);
$('from').value = params.get('from') || today();

function shift(days) {
  const d = new Date($('from').value + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  $('from').value = d.toISOString().slice(0, 10);
  load();
}

async function load() {
  const form = $('weekForm');
  const r = await api('GET', '/api/desk/week?from=' + encodeURIComponent($('from').value));
  if (!r.ok) { showProblem(form, r.json, r.status); return; }
  clearProblems(form);
  const next = new URLSearchParams(location.search);
  next.set('from', r.json.from);
  history.replaceState(null, '', location.pathname + '?' + next);
  const head = document.querySelector('#week thead tr');
  head.innerHTML = '';
  head.append(el('th', { scope: 'col' }, t('week.technician')));
  r.json.days.forEach(d => head.append(el('th', { scope: 'col', dataset: { day: d } },
    el('a', { href: '/board?date=' + d }, new Date(d + 'T12:00:00Z').toLocaleDateString(document.documentElement.lang === 'ru' ? 'ru-RU' : 'en-GB',
      { weekday: 'short', timeZone: 'UTC' }) + ' ' + fmtDate(d)))));
  const body = document.querySelector('#week tbody');
  body.innerHTML = '';
  if (!r.json.rows.length) body.append(el('tr', {}, el('td', { colspan: 8 }, t('week.none'))));
  r.json.rows.forEach(row => body.append(el('tr', { dataset: { technician: row.technicianId } },
    el('th', { scope: 'row' }, row.name, el('br'), el('small', {}, t('week.visits', row.visits))),
    ...row.days.map((visits, i) => el('td', { dataset: { day: r.json.days[i] } },
      ...visits.map(v => el('a', { class: 'visit badge', dataset: { request: v.requestId, status: v.status },
        href: '/desk/requests/' + v.requestId, title: v.addressLine + ' · ' + statusText(v.status) },
        v.start + '–' + v.end + ' ' + v.number)))))));
}

$('prev').addEventListener('click', () => shift(-7));
$('next').addEventListener('click', () => shift(7));
$('from').addEventListener('change', load);
load();
