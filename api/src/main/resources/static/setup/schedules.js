// Week schedules (/setup/schedules): a week grid per technician or team, intervals coloured by zone. Dragging down a
// day creates an interval (weekly or on that date, in the zone chosen above), dragging an interval's lower edge
// resizes it, a click opens it for changes (If-Match). Overlaps the API reports are shown as warnings naming both
// intervals; they are saved anyway. Dated intervals of a week can be copied to the next weeks. Below: who works in a
// zone over a range of days (GET /api/schedules/free).
import { api, t, el, showProblem, clearProblems, today, fmtDate } from '/assets/fp.js';
import { zoneColor, option, addDays, monday } from '/setup/setup.js';

const $ = id => document.getElementById(id);
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const FIRST_HOUR = 6, LAST_HOUR = 22, HOUR_PX = 40, SNAP = 15;

let zones = [], technicians = [], teams = [];
let intervals = [];           // stored intervals shown this week
let warnIds = new Set();
let open = null;              // the interval in the form

const minutes = hhmm => { const [h, m] = hhmm.split(':').map(Number); return h * 60 + m; };
const hhmm = total => String(Math.floor(total / 60)).padStart(2, '0') + ':' + String(total % 60).padStart(2, '0');
const yToMinutes = y => Math.max(FIRST_HOUR * 60, Math.min(LAST_HOUR * 60, FIRST_HOUR * 60 + Math.round(y / HOUR_PX * 60 / SNAP) * SNAP));
const zoneName = id => id == null ? t('setup.schedules.anyZone') : ((zones.find(z => z.id === id) || {}).name || '#' + id);
const weekStart = () => monday($('week').value || today());
const subject = () => { const [kind, id] = ($('subject').value || ':').split(':'); return { kind, id: Number(id) }; };

function describe(v) {
  return zoneName(v.zoneId) + ' ' + v.start.slice(0, 5) + '–' + v.end.slice(0, 5) + ' ('
    + (v.date ? fmtDate(v.date) : t('setup.schedules.every', t('day.' + v.dayOfWeek))) + ')';
}

// ---- the grid --------------------------------------------------------------------------------------------------
function drawGrid() {
  const grid = $('grid');
  const start = weekStart();
  const height = (LAST_HOUR - FIRST_HOUR) * HOUR_PX;
  const cells = [el('div', { class: 'head' }, '')];
  DAYS.forEach((d, i) => cells.push(el('div', { class: 'head', dataset: { date: addDays(start, i) } },
    t('dayShort.' + d) + ' ' + fmtDate(addDays(start, i)).replace(/\s?\d{4}.*$/, ''))));
  const hours = el('div', { class: 'hours', style: 'height:' + height + 'px' });
  for (let h = FIRST_HOUR + 1; h < LAST_HOUR; h++) hours.append(el('span', { style: 'top:' + (h - FIRST_HOUR) * HOUR_PX + 'px' }, h + ':00'));
  cells.push(hours);
  DAYS.forEach((d, i) => {
    const date = addDays(start, i);
    const column = el('div', { class: 'day', style: 'height:' + height + 'px', dataset: { dow: d, date } });
    intervalsOn(date, d).forEach(v => column.append(block(v)));
    wireCreate(column);
    cells.push(column);
  });
  grid.replaceChildren(...cells);
}

function intervalsOn(date, dow) {
  return intervals.filter(v => v.date ? v.date === date
    : v.dayOfWeek === dow && (!v.validFrom || v.validFrom <= date) && (!v.validUntil || v.validUntil >= date));
}

function block(v) {
  const top = (minutes(v.start) - FIRST_HOUR * 60) / 60 * HOUR_PX;
  const height = Math.max(12, (minutes(v.end) - minutes(v.start)) / 60 * HOUR_PX);
  const mine = !v.fromTeam;
  const div = el('div', { class: 'interval' + (mine ? '' : ' team') + (warnIds.has(v.id) ? ' warn' : ''),
    style: 'top:' + top + 'px;height:' + height + 'px;background:' + zoneColor(v.zoneId),
    dataset: { id: v.id, zone: v.zoneId == null ? '' : v.zoneId, start: v.start.slice(0, 5), end: v.end.slice(0, 5), kind: v.date ? 'dated' : 'weekly' },
    title: describe(v), 'aria-selected': open && open.id === v.id ? 'true' : 'false', tabindex: mine ? '0' : null },
    el('b', {}, zoneName(v.zoneId)), el('br'), v.start.slice(0, 5) + '–' + v.end.slice(0, 5) + (v.date ? '' : ' ↻') + (mine ? '' : ' · ' + t('setup.schedules.team')));
  if (mine) {
    div.addEventListener('click', e => { if (!e.target.classList.contains('resize')) openInterval(v); });
    div.addEventListener('keydown', e => { if (e.key === 'Enter') openInterval(v); });
    const handle = el('div', { class: 'resize', title: t('setup.schedules.resize') });
    wireResize(handle, div, v);
    div.append(handle);
  }
  return div;
}

function wireCreate(column) {
  column.addEventListener('pointerdown', e => {
    if (e.target !== column || e.button > 0) return;
    e.preventDefault();
    const box = column.getBoundingClientRect();
    const from = yToMinutes(e.clientY - box.top);
    const ghost = el('div', { class: 'ghost' });
    column.append(ghost);
    column.setPointerCapture(e.pointerId);
    let to = from;
    const paint = () => {
      const a = Math.min(from, to), b = Math.max(from, to);
      ghost.style.top = (a - FIRST_HOUR * 60) / 60 * HOUR_PX + 'px';
      ghost.style.height = (b - a) / 60 * HOUR_PX + 'px';
    };
    const move = ev => { to = yToMinutes(ev.clientY - box.top); paint(); };
    const up = async () => {
      column.removeEventListener('pointermove', move);
      column.removeEventListener('pointerup', up);
      ghost.remove();
      const a = Math.min(from, to), b = Math.max(from, to);
      if (b - a >= SNAP) await create(column.dataset, hhmm(a), hhmm(b));
    };
    column.addEventListener('pointermove', move);
    column.addEventListener('pointerup', up);
    paint();
  });
}

function wireResize(handle, div, v) {
  handle.addEventListener('pointerdown', e => {
    e.preventDefault();
    e.stopPropagation();
    const column = div.parentElement;
    const box = column.getBoundingClientRect();
    handle.setPointerCapture(e.pointerId);
    let end = minutes(v.end);
    const move = ev => {
      end = Math.max(minutes(v.start) + SNAP, yToMinutes(ev.clientY - box.top));
      div.style.height = (end - minutes(v.start)) / 60 * HOUR_PX + 'px';
    };
    const up = async () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      if (end !== minutes(v.end)) await save(v, { end: hhmm(end) });
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });
}

// ---- reading and writing ---------------------------------------------------------------------------------------
function body(v, change) {
  const s = subject();
  const b = { technicianId: null, teamId: null, zoneId: v.zoneId, date: v.date, dayOfWeek: v.dayOfWeek,
    validFrom: v.validFrom, validUntil: v.validUntil, start: v.start.slice(0, 5), end: v.end.slice(0, 5), note: v.note || null };
  if (v.technicianId != null || v.teamId != null) { b.technicianId = v.technicianId; b.teamId = v.teamId; }
  else if (s.kind === 't') b.technicianId = s.id; else b.teamId = s.id;
  return Object.assign(b, change);
}

async function create(day, start, end) {
  const weekly = document.querySelector('input[name=kind]:checked').value === 'weekly';
  const zone = $('zone').value;
  const v = { zoneId: zone ? Number(zone) : null, date: weekly ? null : day.date, dayOfWeek: weekly ? day.dow : null,
    validFrom: null, validUntil: null, start, end };
  const response = await api('POST', '/api/schedules', body(v, {}));
  await after(response);
}

async function save(v, change) {
  const response = await api('PUT', '/api/schedules/' + v.id, body(v, change), { 'If-Match': '"' + v.version + '"' });
  await after(response);
  return response;
}

async function after(response) {
  clearProblems($('gridError').parentElement);
  if (!response.ok) {
    const problem = response.json || {};
    $('gridError').textContent = (problem.errors || []).map(x => x.field + ': ' + x.reason).join(' · ') || problem.detail || problem.title || response.status;
    await loadWeek();
    return;
  }
  $('gridError').textContent = '';
  const saved = response.json.interval;
  (response.json.warnings || []).forEach(w => {
    warnIds.add(saved.id);
    warnIds.add(w.other.id);
    $('warnings').append(el('li', { dataset: { interval: saved.id, other: w.other.id } },
      t('setup.schedules.overlap', describe(saved), describe(w.other), nameOf(w.technicianId))));
  });
  await loadWeek();
}

const nameOf = id => (technicians.find(x => x.id === id) || {}).name || '#' + id;

async function loadWeek() {
  const s = subject();
  const from = weekStart(), to = addDays(from, 6);
  if (!s.kind) { intervals = []; drawGrid(); return; }
  const mine = await api('GET', '/api/schedules?' + (s.kind === 't' ? 'technicianId=' : 'teamId=') + s.id + '&from=' + from + '&to=' + to);
  intervals = mine.ok ? mine.json : [];
  if (s.kind === 't') {
    const technician = technicians.find(x => x.id === s.id);
    if (technician && technician.teamId != null) {
      const team = await api('GET', '/api/schedules?teamId=' + technician.teamId + '&from=' + from + '&to=' + to);
      if (team.ok) intervals = intervals.concat(team.json.map(v => Object.assign({}, v, { fromTeam: true })));
    }
  }
  drawGrid();
  drawLegend();
}

function drawLegend() {
  const used = [...new Set(intervals.map(v => v.zoneId))];
  $('legend').replaceChildren(...used.map(id => el('span', {}, el('i', { class: 'swatch', style: 'background:' + zoneColor(id) }), zoneName(id))));
}

// ---- the interval form -----------------------------------------------------------------------------------------
function openInterval(v) {
  open = v;
  const form = $('intervalForm');
  clearProblems(form);
  form.hidden = false;
  $('intervalTitle').textContent = describe(v);
  $('iZone').value = v.zoneId == null ? '' : String(v.zoneId);
  $('iStart').value = v.start.slice(0, 5);
  $('iEnd').value = v.end.slice(0, 5);
  $('iNote').value = v.note || '';
  document.querySelectorAll('.interval').forEach(d => d.setAttribute('aria-selected', String(d.dataset.id === String(v.id))));
}

$('intervalForm').addEventListener('submit', async e => {
  e.preventDefault();
  if (!open) return;
  const response = await api('PUT', '/api/schedules/' + open.id, body(open, { zoneId: $('iZone').value ? Number($('iZone').value) : null,
    start: $('iStart').value, end: $('iEnd').value, note: $('iNote').value || null }), { 'If-Match': '"' + open.version + '"' });
  if (!response.ok) { showProblem($('intervalForm'), response.json, response.status); return; }
  $('intervalForm').hidden = true;
  open = null;
  await after(response);
});
$('iDelete').addEventListener('click', async () => {
  if (!open) return;
  const response = await api('DELETE', '/api/schedules/' + open.id);
  if (!response.ok) { showProblem($('intervalForm'), response.json, response.status); return; }
  $('intervalForm').hidden = true;
  open = null;
  await loadWeek();
});
$('iClose').addEventListener('click', () => { $('intervalForm').hidden = true; open = null; });

// ---- copy to the next weeks ------------------------------------------------------------------------------------
$('copy').addEventListener('click', async () => {
  const weeks = Math.max(1, Math.min(12, Number($('copyWeeks').value) || 1));
  const dated = intervals.filter(v => v.date && !v.fromTeam);
  let copied = 0;
  for (let k = 1; k <= weeks; k++) {
    for (const v of dated) {
      const response = await api('POST', '/api/schedules', body(v, { date: addDays(v.date, 7 * k) }));
      if (response.ok) {
        copied += 1;
        (response.json.warnings || []).forEach(w => $('warnings').append(el('li', {},
          t('setup.schedules.overlap', describe(response.json.interval), describe(w.other), nameOf(w.technicianId)))));
      }
    }
  }
  $('copyStatus').textContent = t('setup.schedules.copied', copied, weeks);
});

// ---- who works in a zone ---------------------------------------------------------------------------------------
$('freeForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('freeForm');
  clearProblems(form);
  const q = new URLSearchParams({ zoneId: $('fZone').value, from: $('fFrom').value, to: $('fTo').value });
  if ($('fStart').value) q.set('start', $('fStart').value);
  if ($('fEnd').value) q.set('end', $('fEnd').value);
  const response = await api('GET', '/api/schedules/free?' + q);
  const rows = $('freeList').querySelector('tbody');
  if (!response.ok) { showProblem(form, response.json, response.status); rows.replaceChildren(); return; }
  rows.replaceChildren(...(response.json.length ? response.json.map(f => el('tr', { dataset: { technician: f.technicianId } },
    el('td', {}, f.name),
    el('td', {}, f.days.map(d => fmtDate(d.date) + ' ' + d.hours.map(h => h.start.slice(0, 5) + '–' + h.end.slice(0, 5)).join(', ')).join(' · '))))
    : [el('tr', {}, el('td', { colspan: 2 }, t('setup.schedules.nobody')))]));
});

// ---- start -----------------------------------------------------------------------------------------------------
async function loadSubjects() {
  const city = $('cityFilter').value;
  const [tech, team] = await Promise.all([api('GET', '/api/technicians' + (city ? '?city=' + encodeURIComponent(city) : '')), api('GET', '/api/teams')]);
  technicians = tech.ok ? tech.json : [];
  teams = team.ok ? team.json : [];
  const chosen = $('subject').value;
  const group = (label, items) => el('optgroup', { label }, items);
  $('subject').replaceChildren(
    group(t('setup.schedules.technicians'), technicians.map(x => option('t:' + x.id, x.name + (x.active ? '' : ' (' + t('setup.inactive') + ')')))),
    group(t('setup.schedules.teams'), teams.map(x => option('g:' + x.id, x.name))));
  const wanted = new URLSearchParams(location.search).get('technician');
  if (wanted && technicians.some(x => String(x.id) === wanted) && !chosen) $('subject').value = 't:' + wanted;
  else if ([...$('subject').options].some(o => o.value === chosen)) $('subject').value = chosen;
}

async function loadZones() {
  const city = $('cityFilter').value;
  const all = await api('GET', '/api/zones');
  const list = all.ok ? all.json : [];
  zones = list;
  const cities = [...new Set(list.map(z => z.city))].sort();
  if ($('cityFilter').options.length <= 1) cities.forEach(c => $('cityFilter').append(option(c, c)));
  const shown = list.filter(z => !city || z.city === city);
  [$('zone'), $('iZone')].forEach(select => select.replaceChildren(option('', t('setup.schedules.anyZone')),
    ...shown.map(z => option(z.id, z.name + ' · ' + z.city))));
  $('fZone').replaceChildren(...shown.map(z => option(z.id, z.name + ' · ' + z.city)));
}

$('cityFilter').addEventListener('change', async () => { await loadZones(); await loadSubjects(); await loadWeek(); });
$('subject').addEventListener('change', () => { $('warnings').replaceChildren(); warnIds = new Set(); loadWeek(); });
$('week').addEventListener('change', loadWeek);
$('prevWeek').addEventListener('click', () => { $('week').value = addDays(weekStart(), -7); loadWeek(); });
$('nextWeek').addEventListener('click', () => { $('week').value = addDays(weekStart(), 7); loadWeek(); });

(async function start() {
  const params = new URLSearchParams(location.search);
  $('week').value = monday(params.get('week') || today());
  $('fFrom').value = $('week').value;
  $('fTo').value = addDays($('week').value, 13);
  await loadZones();
  await loadSubjects();
  await loadWeek();
  document.body.dataset.ready = 'true';
})();
