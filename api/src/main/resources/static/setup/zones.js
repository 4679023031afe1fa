// The zone editor (/setup/zones): zones of a city on the street map; a zone's area drawn by clicking points, its
// points moved by dragging, a point inserted by clicking the small dot halfway along an edge, holes and several
// polygons per zone. Every change is checked by POST /api/zones/validate before anything is stored: problems are
// marked on the map where the service says they are, overlaps with other zones are painted red. Saving sends If-Match.
import { api, t, el, showProblem, clearProblems, debounce } from '/assets/fp.js';
import { zoneColor, loadDispatchers, option } from '/setup/setup.js';

const $ = id => document.getElementById(id);
const form = $('zoneForm');
const EMPTY = { type: 'FeatureCollection', features: [] };

let zones = [];            // the listed zones (GET /api/zones)
let services = [];
let editing = null;        // {id, etag} of the zone being changed, or null for a new one
let parts = [[[]]];        // polygons -> rings -> [lon, lat] points (rings open: the first point is not repeated)
let current = { p: 0, r: 0 };
let selected = null;       // {p, r, i} of the chosen point
let problemMarkers = [];
let checked = null;        // the last answer of /validate
let map = null;

// ---- the area --------------------------------------------------------------------------------------------------
const closed = ring => ring.length ? ring.concat([ring[0]]) : ring;
const usableRings = () => parts.map(rings => rings.filter(r => r.length > 0)).filter(rings => rings.length > 0);

/** The drawn area as a GeoJSON MultiPolygon (rings closed), or null when nothing is drawn. */
function area() {
  const polygons = usableRings();
  return polygons.length ? { type: 'MultiPolygon', coordinates: polygons.map(rings => rings.map(closed)) } : null;
}

function setArea(geometry) {
  parts = [];
  const polygons = !geometry ? [] : geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  polygons.forEach(rings => parts.push(rings.map(ring => {
    const open = ring.slice();
    if (open.length > 1 && open[0][0] === open[open.length - 1][0] && open[0][1] === open[open.length - 1][1]) open.pop();
    return open;
  })));
  if (!parts.length) parts = [[[]]];
  current = { p: parts.length - 1, r: 0 };
  selected = null;
}

function overlays() {
  const fills = [], lines = [], vertices = [], mids = [];
  parts.forEach((rings, p) => {
    const full = rings.filter(r => r.length >= 3);
    if (full.length && rings[0].length >= 3) fills.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: full.map(closed) } });
    rings.forEach((ring, r) => {
      if (ring.length >= 2) lines.push({ type: 'Feature', properties: { drawing: p === current.p && r === current.r },
        geometry: { type: 'LineString', coordinates: ring.length >= 3 ? closed(ring) : ring } });
      ring.forEach((point, i) => {
        const isSelected = selected && selected.p === p && selected.r === r && selected.i === i;
        vertices.push({ type: 'Feature', properties: { p, r, i, selected: Boolean(isSelected) }, geometry: { type: 'Point', coordinates: point } });
        if (ring.length >= 3 || i < ring.length - 1) {
          const next = ring[(i + 1) % ring.length];
          mids.push({ type: 'Feature', properties: { p, r, i: i + 1 },
            geometry: { type: 'Point', coordinates: [(point[0] + next[0]) / 2, (point[1] + next[1]) / 2] } });
        }
      });
    });
  });
  const fc = features => ({ type: 'FeatureCollection', features });
  return { fills: fc(fills), lines: fc(lines), vertices: fc(vertices), mids: fc(mids) };
}

function redraw() {
  if (!map || !map.getSource('edit-fill')) return;
  const o = overlays();
  map.getSource('edit-fill').setData(o.fills);
  map.getSource('edit-line').setData(o.lines);
  map.getSource('edit-vertex').setData(o.vertices);
  map.getSource('edit-mid').setData(o.mids);
  $('zoneMap').dataset.points = String(o.vertices.features.length);
  $('deletePoint').disabled = !selected;
  const ring = parts[current.p] && parts[current.p][current.r];
  $('drawing').textContent = t(current.r === 0 ? 'setup.zones.drawingPart' : 'setup.zones.drawingHole',
    current.p + 1, current.r, ring ? ring.length : 0);
}

function changed() {
  redraw();
  validateSoon();
}

// ---- checking before storing -----------------------------------------------------------------------------------
async function validate() {
  const geometry = area();
  problemMarkers.forEach(m => m.remove());
  problemMarkers = [];
  $('problems').replaceChildren();
  $('overlaps').replaceChildren();
  $('fixes').textContent = '';
  if (map && map.getSource('overlaps')) map.getSource('overlaps').setData(EMPTY);
  if (!geometry) { checked = null; return null; }
  const response = await api('POST', '/api/zones/validate', { area: geometry, zoneId: editing ? editing.id : null });
  if (!response.ok) { showProblem(form, response.json, response.status); checked = null; return null; }
  checked = response.json;
  checked.problems.forEach((problem, n) => {
    $('problems').append(el('li', { dataset: { field: problem.field } }, problem.field + ': ' + problem.reason));
    if (problem.lon != null && problem.lat != null) {
      const dot = el('div', { class: 'zone-problem', title: problem.reason, dataset: { lon: problem.lon, lat: problem.lat } }, String(n + 1));
      problemMarkers.push(new window.maplibregl.Marker({ element: dot }).setLngLat([problem.lon, problem.lat]).addTo(map));
    }
  });
  checked.overlaps.forEach(o => $('overlaps').append(el('li', { dataset: { zone: o.zoneId } }, t('setup.zones.overlapsWith', o.name, o.city))));
  if (map.getSource('overlaps')) {
    map.getSource('overlaps').setData({ type: 'FeatureCollection',
      features: checked.overlaps.map(o => ({ type: 'Feature', properties: { name: o.name }, geometry: o.area })) });
  }
  if (checked.fixes.length) $('fixes').textContent = t('setup.zones.fixes', checked.fixes.join('; '));
  form.dataset.valid = String(checked.valid);
  return checked;
}
const validateSoon = debounce(validate, 250);

// ---- the map ---------------------------------------------------------------------------------------------------
function hit(e, layer) {
  const pad = 8;
  const box = [[e.point.x - pad, e.point.y - pad], [e.point.x + pad, e.point.y + pad]];
  return map.queryRenderedFeatures(box, { layers: [layer] })[0];
}

function wire() {
  map.addSource('others', { type: 'geojson', data: EMPTY });
  map.addSource('overlaps', { type: 'geojson', data: EMPTY });
  ['edit-fill', 'edit-line', 'edit-vertex', 'edit-mid'].forEach(id => map.addSource(id, { type: 'geojson', data: EMPTY }));
  map.addLayer({ id: 'others-fill', type: 'fill', source: 'others', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.18 } });
  map.addLayer({ id: 'others-line', type: 'line', source: 'others', paint: { 'line-color': ['get', 'color'], 'line-width': 1.5 } });
  map.addLayer({ id: 'others-label', type: 'symbol', source: 'others', layout: { 'text-field': ['get', 'name'],
    'text-font': ['DejaVu Sans Bold'], 'text-size': 12 }, paint: { 'text-color': '#333', 'text-halo-color': '#fff', 'text-halo-width': 1.5 } });
  map.addLayer({ id: 'edit-fill', type: 'fill', source: 'edit-fill', paint: { 'fill-color': '#2f7bd1', 'fill-opacity': 0.25 } });
  map.addLayer({ id: 'overlaps-fill', type: 'fill', source: 'overlaps', paint: { 'fill-color': '#e0362c', 'fill-opacity': 0.45 } });
  map.addLayer({ id: 'edit-line', type: 'line', source: 'edit-line',
    paint: { 'line-color': '#1f5fa8', 'line-width': ['case', ['get', 'drawing'], 3, 2] } });
  map.addLayer({ id: 'edit-mid', type: 'circle', source: 'edit-mid',
    paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1f5fa8', 'circle-stroke-width': 1.5, 'circle-opacity': 0.9 } });
  map.addLayer({ id: 'edit-vertex', type: 'circle', source: 'edit-vertex',
    paint: { 'circle-radius': ['case', ['get', 'selected'], 9, 7], 'circle-color': ['case', ['get', 'selected'], '#f0a202', '#1f5fa8'],
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });

  let dragging = null;
  const startDrag = e => {
    const vertex = hit(e, 'edit-vertex');
    if (!vertex) return;
    e.preventDefault();
    const { p, r, i } = vertex.properties;
    selected = { p, r, i };
    dragging = { p, r, i, moved: false };
    map.dragPan.disable();
    redraw();
  };
  const moveDrag = e => {
    if (!dragging) return;
    parts[dragging.p][dragging.r][dragging.i] = [round(e.lngLat.lng), round(e.lngLat.lat)];
    dragging.moved = true;
    redraw();
  };
  const endDrag = () => {
    if (!dragging) return;
    const moved = dragging.moved;
    dragging = null;
    map.dragPan.enable();
    if (moved) { suppressClick = true; changed(); }
  };
  let suppressClick = false;
  map.on('mousedown', startDrag);
  map.on('touchstart', startDrag);
  map.on('mousemove', moveDrag);
  map.on('touchmove', moveDrag);
  map.on('mouseup', endDrag);
  map.on('touchend', endDrag);
  map.on('click', e => {
    if (suppressClick) { suppressClick = false; return; }
    const vertex = hit(e, 'edit-vertex');
    if (vertex) {
      const { p, r, i } = vertex.properties;
      selected = { p, r, i };
      current = { p, r };
      redraw();
      return;
    }
    const mid = hit(e, 'edit-mid');
    if (mid) {
      const { p, r, i } = mid.properties;
      parts[p][r].splice(i, 0, mid.geometry.coordinates.map(round));
      selected = { p, r, i };
      changed();
      return;
    }
    const ring = parts[current.p][current.r];
    ring.push([round(e.lngLat.lng), round(e.lngLat.lat)]);
    selected = { p: current.p, r: current.r, i: ring.length - 1 };
    changed();
  });
  map.on('mouseenter', 'edit-vertex', () => { map.getCanvas().style.cursor = 'move'; });
  map.on('mouseleave', 'edit-vertex', () => { map.getCanvas().style.cursor = ''; });
}

const round = v => Math.round(v * 1e7) / 1e7;

// ---- tools -----------------------------------------------------------------------------------------------------
$('newPart').addEventListener('click', () => {
  const last = parts[parts.length - 1];
  if (last[0].length) parts.push([[]]);
  current = { p: parts.length - 1, r: 0 };
  selected = null;
  redraw();
});
$('newHole').addEventListener('click', () => {
  const rings = parts[current.p];
  if (rings[rings.length - 1].length || rings.length === 1) rings.push([]);
  current = { p: current.p, r: rings.length - 1 };
  selected = null;
  redraw();
});
$('undoPoint').addEventListener('click', () => {
  const ring = parts[current.p][current.r];
  ring.pop();
  selected = null;
  changed();
});
$('deletePoint').addEventListener('click', () => {
  if (!selected) return;
  parts[selected.p][selected.r].splice(selected.i, 1);
  selected = null;
  changed();
});
$('clearArea').addEventListener('click', () => { setArea(null); changed(); });
document.addEventListener('keydown', e => {
  if ((e.key === 'Delete' || e.key === 'Backspace') && selected && !e.target.matches('input, select, textarea')) {
    e.preventDefault();
    $('deletePoint').click();
  }
});

// ---- zones, list and form --------------------------------------------------------------------------------------
async function loadZones() {
  const city = $('cityFilter').value;
  const response = await api('GET', '/api/zones' + (city ? '?city=' + encodeURIComponent(city) : ''));
  zones = response.ok ? response.json : [];
  const list = $('zoneList');
  list.replaceChildren(...zones.map(z => el('li', { role: 'option', dataset: { zone: z.id }, 'aria-selected': editing && editing.id === z.id ? 'true' : 'false',
    onclick: () => openZone(z.id) }, el('i', { class: 'swatch', style: 'background:' + zoneColor(z.id) }), z.name,
    el('small', { class: 'hint' }, ' · ' + z.city + (z.active ? '' : ' · ' + t('setup.inactive'))))));
  const suffix = city ? '?city=' + encodeURIComponent(city) : '';
  $('exportGeoJson').href = '/api/zones/geojson' + suffix;
  $('exportKml').href = '/api/zones/kml' + suffix;
  showOthers();
}

async function loadCities() {
  const response = await api('GET', '/api/zones');
  const cities = [...new Set((response.ok ? response.json : []).map(z => z.city))].sort();
  const chosen = $('cityFilter').value;
  $('cityFilter').replaceChildren(option('', t('setup.allCities')), ...cities.map(c => option(c, c)));
  $('cityFilter').value = cities.includes(chosen) ? chosen : '';
  $('cities').replaceChildren(...cities.map(c => el('option', { value: c })));
}

function showOthers() {
  if (!map || !map.getSource('others')) return;
  map.getSource('others').setData({ type: 'FeatureCollection', features: zones.filter(z => !editing || z.id !== editing.id)
    .map(z => ({ type: 'Feature', properties: { name: z.name, color: zoneColor(z.id) }, geometry: z.area })) });
}

function fillForm(zone) {
  clearProblems(form);
  $('formTitle').textContent = zone ? t('setup.zones.editing', zone.name) : t('setup.zones.newTitle');
  $('name').value = zone ? zone.name : '';
  $('city').value = zone ? zone.city : $('cityFilter').value;
  $('dispatcherId').value = zone && zone.dispatcherId != null ? String(zone.dispatcherId) : '';
  $('active').checked = zone ? zone.active : true;
  document.querySelectorAll('#services input').forEach(box => { box.checked = Boolean(zone && zone.serviceTypeIds.includes(Number(box.value))); });
  $('deleteZone').hidden = !zone;
  $('saved').textContent = '';
  setArea(zone ? zone.area : null);
  document.querySelectorAll('#zoneList li').forEach(li => li.setAttribute('aria-selected', String(Boolean(zone) && li.dataset.zone === String(zone.id))));
  showOthers();
  changed();
}

async function openZone(id) {
  const response = await api('GET', '/api/zones/' + id);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  editing = { id, etag: response.etag };
  fillForm(response.json);
  if (map) window.FieldPlanMap && map.fieldplanFit(response.json.area);
}

$('newZone').addEventListener('click', () => { editing = null; fillForm(null); $('name').focus(); });
$('cityFilter').addEventListener('change', loadZones);

form.addEventListener('submit', async e => {
  e.preventDefault();
  clearProblems(form);
  $('saved').textContent = '';
  const geometry = area();
  if (geometry) {
    const check = await validate();
    if (check && !check.valid) {
      form.querySelector('.error[data-for="form"]').textContent = t('setup.zones.notValid');
      return;
    }
  }
  const body = {
    name: $('name').value, city: $('city').value, area: geometry,
    dispatcherId: $('dispatcherId').value ? Number($('dispatcherId').value) : null,
    serviceTypeIds: [...document.querySelectorAll('#services input:checked')].map(b => Number(b.value)),
    active: $('active').checked
  };
  const response = editing
    ? await api('PUT', '/api/zones/' + editing.id, body, { 'If-Match': editing.etag })
    : await api('POST', '/api/zones', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  editing = { id: response.json.zone.id, etag: response.etag };
  $('saved').textContent = t('setup.saved');
  await loadCities();
  await loadZones();
  fillForm(response.json.zone);
  $('saved').textContent = t('setup.saved');
});

$('deleteZone').addEventListener('click', async () => {
  if (!editing || !confirm(t('setup.zones.confirmDelete', $('name').value))) return;
  const response = await api('DELETE', '/api/zones/' + editing.id);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  editing = null;
  fillForm(null);
  await loadCities();
  await loadZones();
});

$('importFile').addEventListener('change', async () => {
  const file = $('importFile').files[0];
  if (!file) return;
  const text = await file.text();
  const kml = /\.kml$/i.test(file.name) || text.trimStart().startsWith('<');
  const city = $('cityFilter').value || $('city').value;
  const response = await fetch('/api/zones/' + (kml ? 'kml' : 'geojson') + (kml && city ? '?city=' + encodeURIComponent(city) : ''), {
    method: 'POST', credentials: 'same-origin', body: text,
    headers: { 'Content-Type': kml ? 'application/vnd.google-earth.kml+xml' : 'application/geo+json',
      'Accept': 'application/json, application/problem+json', 'X-XSRF-TOKEN': (document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]+)/) || [])[1] || '' } });
  const json = await response.json().catch(() => null);
  $('importFile').value = '';
  if (!response.ok) {
    const errors = (json && json.errors) || [];
    $('importError').textContent = errors.length ? errors.map(x => x.field + ': ' + x.reason).join(' · ') : (json && (json.detail || json.title)) || response.status;
    $('importStatus').textContent = '';
    return;
  }
  $('importError').textContent = '';
  $('importStatus').textContent = t('setup.zones.imported', json.length);
  await loadCities();
  await loadZones();
});

// ---- start -----------------------------------------------------------------------------------------------------
(async function start() {
  const [types] = await Promise.all([api('GET', '/api/service-types'), loadCities()]);
  services = types.ok ? types.json : [];
  $('services').replaceChildren(...services.map(s => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'serviceTypeIds', value: s.id, dataset: { code: s.code } }), ' ' + s.name)));
  await loadDispatchers($('dispatcherId'));
  const handle = await window.FieldPlanMap.mount($('zoneMap'), { center: [14.45, 35.9], zoom: 11 });
  map = handle.map;
  map.fieldplanFit = geometry => handle.fit({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry }] });
  await handle.ready;
  map.doubleClickZoom.disable();
  wire();
  await loadZones();
  const wanted = new URLSearchParams(location.search).get('zone');
  if (wanted) await openZone(Number(wanted)); else fillForm(null);
  document.body.dataset.ready = 'true';
})();
