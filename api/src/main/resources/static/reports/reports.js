// The reports page (docs/reports.md): the filter in the URL, GET /api/reports for the figures and tables, Apache ECharts
// (from the npm registry at build time, /vendor/echarts) for the charts; a figure, a table row or a chart's bar opens
// its requests (GET /api/reports/requests with the figure's drill query). CSV and Excel of the same filter.
import { api, t, el, fmtDate, fmtDateTime, fmtNumber, showProblem, clearProblems, statusText, today } from '/assets/fp.js';

const form = document.getElementById('filters');
const out = document.getElementById('report');
const FIELDS = ['from', 'to', 'city', 'zoneId', 'departmentId', 'administratorId', 'technicianId', 'source', 'serviceTypeId'];
const charts = [];
let filterQuery = '';

function query() {
  const params = new URLSearchParams();
  FIELDS.forEach(name => { const v = form.elements[name].value; if (v) params.set(name, v); });
  return params;
}

function fromUrl() {
  const params = new URLSearchParams(location.search);
  form.elements.from.value = params.get('from') || today().slice(0, 8) + '01';
  form.elements.to.value = params.get('to') || today();
  FIELDS.slice(2).forEach(name => {
    if (!params.has(name)) return;
    form.elements[name].dataset.chosen = params.get(name);
    form.elements[name].value = params.get(name); // options the page carries (sources); the others once they are filled
  });
}

async function options() {
  const [zones, technicians, departments, services] = await Promise.all([api('GET', '/api/zones'),
    api('GET', '/api/technicians'), api('GET', '/api/departments'), api('GET', '/api/service-types')]);
  const fill = (select, items) => {
    const chosen = select.dataset.chosen;
    items.forEach(([value, label]) => select.append(el('option', { value, selected: String(value) === chosen }, label)));
  };
  if (zones.ok) {
    fill(form.elements.city, [...new Set(zones.json.map(z => z.city))].sort().map(c => [c, c]));
    fill(form.elements.zoneId, zones.json.map(z => [z.id, z.name]));
  }
  if (technicians.ok) fill(form.elements.technicianId, technicians.json.map(x => [x.id, x.name]));
  if (departments.ok) {
    fill(form.elements.departmentId, departments.json.map(d => [d.id, d.name]));
    fill(form.elements.administratorId, departments.json.flatMap(d => d.members).map(m => [m.userId, m.displayName]));
  }
  if (services.ok) fill(form.elements.serviceTypeId, services.json.map(s => [s.id, s.name]));
}

function value(f) {
  if (f.value === null || f.value === undefined) return '—';
  const digits = f.unit === 'count' ? 0 : 1;
  return fmtNumber(f.value, digits) + (f.unit === 'percent' ? ' %' : '');
}

function figureCard(f) {
  const card = el('div', { class: 'rp-figure', dataset: { figure: f.key } },
    el('span', { class: 'rp-value', text: value(f) }),
    el('span', { class: 'rp-label', text: t('report.fig.' + f.key) }),
    el('p', { class: 'rp-about', text: t('report.about.' + f.key) + (f.unit !== 'count' ? ' (' + t('report.unit.' + f.unit) + ')' : '') }));
  if (f.drill) {
    card.append(el('button', { type: 'button', class: 'rp-open', onclick: () => drill(f.drill, t('report.fig.' + f.key)) },
      t('report.open')));
  }
  return card;
}

function cellText(column, v) {
  if (v === null || v === undefined) return '—';
  if (column === 'source') return t('source.' + v);
  if (column === 'day') return fmtDate(v);
  return typeof v === 'number' ? fmtNumber(v, Number.isInteger(v) ? 0 : 1) : String(v);
}

function table(tb) {
  const head = el('tr', null, tb.columns.map(c => el('th', { scope: 'col', text: t('report.col.' + c) })));
  const rows = tb.rows.map(r => el('tr', { dataset: { drill: r.drill || '' } }, r.cells.map((v, i) => {
    if (r.drill && r.drill.startsWith('request=') && i === 0) {
      return el('td', null, el('a', { href: '/desk/requests/' + r.drill.slice(8), text: v }));
    }
    const last = i === r.cells.length - 1 || tb.columns[i] === 'requests' || tb.columns[i] === 'visits' || tb.columns[i] === 'ratings';
    if (r.drill && !r.drill.startsWith('request=') && last && typeof v === 'number') {
      return el('td', { class: 'rp-drill', tabindex: 0, role: 'button',
        onclick: () => drill(r.drill, t('report.table.' + tb.key) + ': ' + r.cells.slice(0, 2).map((c, j) => cellText(tb.columns[j], c)).join(' · ')),
        onkeydown: e => { if (e.key === 'Enter') e.target.click(); } }, cellText(tb.columns[i], v));
    }
    return el('td', { text: cellText(tb.columns[i], v) });
  })));
  return el('div', { class: 'table-wrap', dataset: { table: tb.key } },
    el('h3', { text: t('report.table.' + tb.key) }),
    rows.length ? el('table', { class: 'fp-table' }, el('thead', null, head), el('tbody', null, rows))
      : el('p', { class: 'hint', text: t('report.empty') }));
}

/** A chart over a table: categories from one column, series from another (or one series), values from a third. */
function chart(section, tb, category, series, valueColumn, title) {
  if (!tb || !tb.rows.length || !window.echarts) return;
  const ci = tb.columns.indexOf(category), si = series ? tb.columns.indexOf(series) : -1, vi = tb.columns.indexOf(valueColumn);
  const cats = [...new Set(tb.rows.map(r => r.cells[ci]))];
  const names = si < 0 ? [valueColumn] : [...new Set(tb.rows.map(r => r.cells[si]))];
  const drills = {};
  const data = names.map(n => cats.map(c => {
    const row = tb.rows.find(r => r.cells[ci] === c && (si < 0 || r.cells[si] === n));
    if (row) drills[n + '|' + c] = row.drill;
    return row ? row.cells[vi] : 0;
  }));
  const box = el('div', { class: 'rp-chart', id: 'chart-' + tb.key, role: 'img', 'aria-label': title });
  section.append(el('h3', { text: title }), box);
  const c = window.echarts.init(box, null, { renderer: 'svg' });
  c.setOption({
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { left: 40, right: 10, top: 30, bottom: 40 },
    xAxis: { type: 'category', data: cats.map(x => cellText(category, x)) },
    yAxis: { type: 'value' },
    series: names.map((n, i) => ({ name: si < 0 ? t('report.col.' + valueColumn) : cellText(series, n), type: 'bar',
      stack: si < 0 ? undefined : 'all', data: data[i] }))
  });
  c.on('click', p => {
    const key = names[p.seriesIndex] + '|' + cats[p.dataIndex];
    if (drills[key]) drill(drills[key], title + ': ' + p.name + ' · ' + p.seriesName);
  });
  box.dataset.drills = JSON.stringify(names.map(n => cats.map(c => drills[n + '|' + c] || null)));
  charts.push(c);
}

function render(report) {
  charts.splice(0).forEach(c => c.dispose());
  out.replaceChildren();
  const scope = document.getElementById('scope');
  scope.textContent = report.everything ? t('report.scope.everything', t('role.' + report.role))
    : t('report.scope.zones', t('role.' + report.role), report.zoneIds.length);
  report.sections.forEach(s => {
    const section = el('section', { class: 'rp-section', id: 'section-' + s.key, dataset: { section: s.key } },
      el('h2', { text: t('report.section.' + s.key) }),
      el('div', { class: 'rp-figures' }, s.figures.map(figureCard)));
    const tables = Object.fromEntries(s.tables.map(tb => [tb.key, tb]));
    out.append(section);
    if (s.key === 'intake') chart(section, tables.receivedByDay, 'day', 'source', 'requests', t('report.chart.receivedByDay'));
    if (s.key === 'delivery') chart(section, tables.technicians, 'technician', null, 'visits', t('report.chart.visits'));
    if (s.key === 'quality') chart(section, tables.ratingsByTechnician, 'technician', null, 'stars', t('report.chart.stars'));
    s.tables.forEach(tb => section.append(table(tb)));
  });
}

async function load() {
  clearProblems(form);
  const params = query();
  filterQuery = params.toString();
  history.replaceState(null, '', '?' + filterQuery);
  document.getElementById('csv').href = '/api/reports.csv?' + filterQuery;
  document.getElementById('xlsx').href = '/api/reports.xlsx?' + filterQuery;
  out.replaceChildren(el('p', { class: 'hint', text: t('fp.loading') }));
  const r = await api('GET', '/api/reports?' + filterQuery);
  if (!r.ok) {
    out.replaceChildren();
    showProblem(form, r.json, r.status);
    return;
  }
  render(r.json);
  out.dataset.loaded = filterQuery;
}

async function drill(drillQuery, title) {
  const box = document.getElementById('drill');
  const r = await api('GET', '/api/reports/requests?' + drillQuery + '&' + filterQuery);
  box.hidden = false;
  document.getElementById('drill-title').textContent = t('report.drill', title);
  const body = document.querySelector('#drill-list tbody');
  if (!r.ok) {
    document.getElementById('drill-count').textContent = (r.json && (r.json.detail || r.json.title)) || String(r.status);
    body.replaceChildren();
    return;
  }
  document.getElementById('drill-count').textContent = t('report.drillCount', r.json.count);
  body.replaceChildren(...r.json.requests.map(q => el('tr', { dataset: { id: q.id } },
    el('td', null, el('a', { href: '/desk/requests/' + q.id, text: q.registrationNumber })),
    el('td', { text: statusText(q.status) }), el('td', { text: q.zone || '—' }), el('td', { text: q.technician || '—' }),
    el('td', { text: fmtDateTime(q.createdAt) }))));
  box.dataset.figure = drillQuery;
  box.focus();
}

window.addEventListener('resize', () => charts.forEach(c => c.resize()));
form.addEventListener('submit', e => { e.preventDefault(); load(); });
fromUrl();
options().then(load);
