// Services (/setup/services): duration, price and "from", skills needed, the zones where each is offered (grouped
// by city), active; the list filters by city. Changes send If-Match; the server's field problems show by the fields.
import { api, t, el, showProblem, clearProblems, fmtNumber } from '/assets/fp.js';
import { option, checkedValues, checkboxes, zoneColor } from '/setup/setup.js';

const $ = id => document.getElementById(id);
const form = $('serviceForm');
let editing = null, zones = [];

async function loadList() {
  const city = $('cityFilter').value;
  const response = await api('GET', '/api/service-types' + (city ? '?city=' + encodeURIComponent(city) : ''));
  const list = response.ok ? response.json : [];
  $('serviceList').replaceChildren(...list.map(s => el('li', { role: 'option', dataset: { service: s.id },
    'aria-selected': String(Boolean(editing) && editing.id === s.id), onclick: () => open(s.id) },
    s.name, el('small', { class: 'hint' }, ' · ' + s.durationMinutes + ' min · '
      + (s.priceIsFrom ? t('setup.services.from', fmtNumber(s.basePrice, 2)) : fmtNumber(s.basePrice, 2))
      + (s.active ? '' : ' · ' + t('setup.inactive'))))));
}

function fill(s) {
  clearProblems(form);
  $('saved').textContent = '';
  $('formTitle').textContent = s ? t('setup.services.editing', s.name) : t('setup.services.new');
  $('name').value = s ? s.name : '';
  $('code').value = s ? s.code : '';
  $('durationMinutes').value = s ? s.durationMinutes : 60;
  $('teamSize').value = s ? s.teamSize : 1;
  $('teamSkills').value = s ? s.teamSkills : 'all';
  $('basePrice').value = s ? s.basePrice : '';
  $('priceIsFrom').checked = Boolean(s && s.priceIsFrom);
  $('countsForCommission').checked = s ? s.countsForCommission : true;
  $('active').checked = s ? s.active : true;
  document.querySelectorAll('#skills input').forEach(b => { b.checked = Boolean(s && s.requiredSkills.includes(b.value)); });
  document.querySelectorAll('#zones input').forEach(b => { b.checked = Boolean(s && s.zoneIds.includes(Number(b.value))); });
}

async function open(id) {
  const response = await api('GET', '/api/service-types/' + id);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  editing = { id, etag: response.etag };
  fill(response.json);
  document.querySelectorAll('#serviceList li').forEach(li => li.setAttribute('aria-selected', String(li.dataset.service === String(id))));
}

/** A price as typed (a comma or a point), as a number; what is not a number goes as typed, for the server to name. */
const price = typed => { const n = Number(typed.replace(',', '.').replace(/\s/g, '')); return Number.isFinite(n) ? n : typed; };

form.addEventListener('submit', async e => {
  e.preventDefault();
  const body = { code: $('code').value, name: $('name').value,
    durationMinutes: $('durationMinutes').value === '' ? null : Number($('durationMinutes').value),
    teamSize: $('teamSize').value === '' ? null : Number($('teamSize').value), teamSkills: $('teamSkills').value,
    basePrice: $('basePrice').value === '' ? null : price($('basePrice').value),
    priceIsFrom: $('priceIsFrom').checked, countsForCommission: $('countsForCommission').checked, active: $('active').checked,
    requiredSkills: checkedValues(form, 'requiredSkills'), zoneIds: checkedValues(form, 'zoneIds').map(Number) };
  const response = editing ? await api('PUT', '/api/service-types/' + editing.id, body, { 'If-Match': editing.etag })
    : await api('POST', '/api/service-types', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  editing = { id: response.json.id, etag: response.etag };
  await loadList();
  fill(response.json);
  $('saved').textContent = t('setup.saved');
});

$('newService').addEventListener('click', () => { editing = null; fill(null); $('name').focus(); });
$('cityFilter').addEventListener('change', loadList);

(async function start() {
  const [skills, zoneList] = await Promise.all([api('GET', '/api/skills'), api('GET', '/api/zones')]);
  $('skills').replaceChildren(...checkboxes('requiredSkills', (skills.ok ? skills.json : []).map(s => ({ value: s.code, text: s.name }))));
  zones = zoneList.ok ? zoneList.json : [];
  const cities = [...new Set(zones.map(z => z.city))].sort();
  $('cityFilter').replaceChildren(option('', t('setup.allCities')), ...cities.map(c => option(c, c)));
  $('zones').replaceChildren(...cities.map(c => el('div', { dataset: { city: c } }, el('b', {}, c),
    el('div', { class: 'checks' }, zones.filter(z => z.city === c).map(z => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name: 'zoneIds', value: z.id }), el('i', { class: 'swatch', style: 'background:' + zoneColor(z.id) }), ' ' + z.name))))));
  await loadList();
  const wanted = new URLSearchParams(location.search).get('service');
  if (wanted) await open(Number(wanted)); else fill(null);
  document.body.dataset.ready = 'true';
})();
