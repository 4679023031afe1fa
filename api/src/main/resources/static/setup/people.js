// Technicians and teams (/setup/people): the list by city, a technician's form (skills, home on the map, phone,
// city, team, active; changes with If-Match), and the teams with their members.
import { api, t, el, showProblem, clearProblems } from '/assets/fp.js';
import { option, checkedValues, checkboxes } from '/setup/setup.js';

const $ = id => document.getElementById(id);
const form = $('technicianForm');
let technicians = [], teams = [], editing = null, homeMap = null;

async function loadTeams() {
  const response = await api('GET', '/api/teams');
  teams = response.ok ? response.json : [];
  const chosen = $('teamId').value;
  $('teamId').replaceChildren(option('', t('setup.people.noTeam')), ...teams.map(x => option(x.id, x.name)));
  $('teamId').value = chosen;
  $('teamList').querySelector('tbody').replaceChildren(...teams.map(x => el('tr', { dataset: { team: x.id } }, el('td', {}, x.name),
    el('td', {}, x.technicianIds.map(id => (technicians.find(p => p.id === id) || { name: '#' + id }).name).join(', ')))));
}

async function loadTechnicians() {
  const city = $('cityFilter').value;
  const q = new URLSearchParams();
  if (city) q.set('city', city);
  if (!$('showInactive').checked) q.set('active', 'true');
  const response = await api('GET', '/api/technicians?' + q);
  technicians = response.ok ? response.json : [];
  $('technicianList').replaceChildren(...technicians.map(x => el('li', { role: 'option', dataset: { technician: x.id },
    'aria-selected': String(Boolean(editing) && editing.id === x.id), onclick: () => open(x.id) },
    x.name, el('small', { class: 'hint' }, [x.city, x.phone, x.active ? null : t('setup.inactive')].filter(Boolean).map(v => ' · ' + v).join('')))));
  const all = await api('GET', '/api/technicians');
  const cities = [...new Set((all.ok ? all.json : []).map(x => x.city).filter(Boolean))].sort();
  const chosen = $('cityFilter').value;
  $('cityFilter').replaceChildren(option('', t('setup.allCities')), ...cities.map(c => option(c, c)));
  $('cityFilter').value = chosen;
  $('cities').replaceChildren(...cities.map(c => el('option', { value: c })));
}

function fill(x) {
  clearProblems(form);
  $('saved').textContent = '';
  $('formTitle').textContent = x ? t('setup.people.editing', x.name) : t('setup.people.new');
  $('name').value = x ? x.name : '';
  $('city').value = x ? x.city || '' : $('cityFilter').value;
  $('phone').value = x ? x.phone || '' : '';
  $('email').value = x ? x.email || '' : '';
  $('teamId').value = x && x.teamId != null ? String(x.teamId) : '';
  $('active').checked = x ? x.active : true;
  $('homeAddress').value = x ? x.homeAddress || '' : '';
  $('lat').value = x ? x.home.lat : '';
  $('lon').value = x ? x.home.lon : '';
  document.querySelectorAll('#skills input').forEach(b => { b.checked = Boolean(x && x.skills.includes(b.value)); });
  $('weekLink').hidden = !x;
  if (x) $('weekLink').href = '/setup/schedules?technician=' + x.id;
  showHome();
}

function showHome() {
  if (!homeMap) return;
  const lat = Number($('lat').value), lon = Number($('lon').value);
  const valid = $('lat').value !== '' && $('lon').value !== '' && Number.isFinite(lat) && Number.isFinite(lon);
  homeMap.setStops(valid ? [{ type: 'Feature', properties: { label: '⌂', color: '#2b7a3d' }, geometry: { type: 'Point', coordinates: [lon, lat] } }] : []);
  if (valid) homeMap.map.jumpTo({ center: [lon, lat] });
}

async function open(id) {
  const response = await api('GET', '/api/technicians/' + id);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  editing = { id, etag: response.etag };
  fill(response.json);
  document.querySelectorAll('#technicianList li').forEach(li => li.setAttribute('aria-selected', String(li.dataset.technician === String(id))));
}

const number = v => v === '' ? null : Number(String(v).replace(',', '.'));

form.addEventListener('submit', async e => {
  e.preventDefault();
  const body = { name: $('name').value, phone: $('phone').value || null, email: $('email').value || null,
    homeAddress: $('homeAddress').value || null, home: { lat: number($('lat').value), lon: number($('lon').value) },
    skills: checkedValues(form, 'skills'), active: $('active').checked,
    teamId: $('teamId').value ? Number($('teamId').value) : null, city: $('city').value || null };
  const response = editing ? await api('PUT', '/api/technicians/' + editing.id, body, { 'If-Match': editing.etag })
    : await api('POST', '/api/technicians', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  editing = { id: response.json.id, etag: response.etag };
  await loadTechnicians();
  await loadTeams();
  fill(response.json);
  $('saved').textContent = t('setup.saved');
});

$('teamForm').addEventListener('submit', async e => {
  e.preventDefault();
  const response = await api('POST', '/api/teams', { name: $('teamName').value });
  if (!response.ok) { showProblem($('teamForm'), response.json, response.status); return; }
  clearProblems($('teamForm'));
  $('teamName').value = '';
  await loadTeams();
});

$('newTechnician').addEventListener('click', () => { editing = null; fill(null); $('name').focus(); });
$('cityFilter').addEventListener('change', loadTechnicians);
$('showInactive').addEventListener('change', loadTechnicians);
$('lat').addEventListener('change', showHome);
$('lon').addEventListener('change', showHome);

(async function start() {
  const skills = await api('GET', '/api/skills');
  $('skills').replaceChildren(...checkboxes('skills', (skills.ok ? skills.json : []).map(s => ({ value: s.code, text: s.name }))));
  await loadTechnicians();
  await loadTeams();
  fill(null);
  homeMap = await window.FieldPlanMap.mount($('homeMap'), { center: [14.45, 35.9], zoom: 10 });
  await homeMap.ready;
  homeMap.map.on('click', e => {
    $('lat').value = e.lngLat.lat.toFixed(6);
    $('lon').value = e.lngLat.lng.toFixed(6);
    showHome();
  });
  const wanted = new URLSearchParams(location.search).get('technician');
  if (wanted) await open(Number(wanted));
  document.body.dataset.ready = 'true';
})();
