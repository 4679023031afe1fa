// The technician's day on a phone: the visits of their own route in order; start, finish with labour minutes and a
// comment, propose a change of services for the dispatcher to confirm. English and Russian.
(function () {
  'use strict';
  const TEXT = {
    en: { title: 'My day', date: 'Day', none: 'No visits on this day.', visits: n => n + ' visits', start: 'Start',
      done: 'Finish', labour: 'Minutes worked', comment: 'Comment', propose: 'Propose a change', note: 'What did you find?',
      send: 'Send to the dispatcher', pending: n => n + ' change(s) waiting for the dispatcher', window: 'window',
      arrive: 'arrive', status: { scheduled: 'planned', in_progress: 'in progress', done: 'done', accepted: 'accepted' },
      failed: 'Something went wrong; please try again.', navigate: 'Navigate:', wholeDay: 'The rest of the day in order:' },
    ru: { title: 'Мой день', date: 'День', none: 'На этот день визитов нет.', visits: n => 'визитов: ' + n,
      start: 'Начать', done: 'Завершить', labour: 'Минут работы', comment: 'Комментарий', propose: 'Предложить изменение',
      note: 'Что обнаружено?', send: 'Отправить диспетчеру', pending: n => 'ждут диспетчера: ' + n, window: 'окно',
      arrive: 'приезд', status: { scheduled: 'запланирован', in_progress: 'в работе', done: 'выполнен', accepted: 'принят' },
      failed: 'Что-то пошло не так; попробуйте ещё раз.', navigate: 'Навигатор:', wholeDay: 'Остаток дня по порядку:' }
  };
  const $ = id => document.getElementById(id);
  let lang = new URLSearchParams(location.search).get('lang')
    || ((navigator.language || 'en').toLowerCase().startsWith('ru') ? 'ru' : 'en');
  const t = (k, ...a) => { const v = TEXT[lang][k]; return typeof v === 'function' ? v(...a) : v; };
  const hm = iso => iso ? new Date(iso).toLocaleTimeString(lang === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit' }) : '';

  function csrf() {
    const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  async function call(method, path, body) {
    const res = await fetch(path, { method, credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrf() },
      body: body ? JSON.stringify(body) : undefined });
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    return { status: res.status, json };
  }

  function problem(p, box) {
    const errors = (p && p.errors) || [];
    box.textContent = errors.length ? errors.map(e => e.field + ': ' + e.reason).join('; ') : ((p && p.detail) || t('failed'));
  }

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll('[data-lang]').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.lang === lang)));
  }

  async function load() {
    const r = await call('GET', '/api/field/day?date=' + $('date').value);
    if (r.status !== 200) { problem(r.json, document.querySelector('.error[data-for="form"]')); return; }
    const box = $('visits');
    box.innerHTML = '';
    $('summary').textContent = r.json.visits.length ? t('visits', r.json.visits.length) : t('none');
    const open = r.json.visits.filter(v => v.status !== 'done' && v.status !== 'accepted');
    if (open.length > 1) box.appendChild(navigatorLine('wholeDay', open.map(v => [v.lat, v.lon]), 'day'));
    r.json.visits.forEach(v => box.appendChild(card(v)));
    showMap(r.json);
  }

  // today's stops and the way between them on the street map (fieldplan-map.js)
  let baseMap = null;
  function showMap(day) {
    const box = $('basemap');
    if (!window.FieldPlanMap || !box) return;
    box.hidden = !day.visits.length;
    if (!day.visits.length) return;
    const data = FieldPlanMap.fieldOverlays(day);
    if (!baseMap) baseMap = FieldPlanMap.mount(box, { zoom: 12 });
    baseMap.then(m => { m.setRoutes(data.routes); m.setStops(data.stops); m.fit(data.routes, data.stops); });
  }

  // hand one stop, or the rest of the day in order, to Yandex Maps / Yandex Navigator / Google Maps / any geo: app
  function navigatorLine(label, points, cls) {
    const p = el('p', 'nav' + (cls ? ' ' + cls : ''), t(label) + ' ');
    if (!window.FieldPlanMap) return p;
    const links = FieldPlanMap.navigatorLinks(points);
    [['yandexNavigator', 'Yandex Navigator'], ['yandexMaps', 'Yandex Maps'], ['google', 'Google Maps'], ['geo', 'geo:']]
      .filter(([k]) => k !== 'geo' || points.length === 1)
      .forEach(([k, name], i) => {
        if (i > 0) p.appendChild(document.createTextNode(' · '));
        const a = el('a', k, name);
        a.href = links[k];
        a.rel = 'noopener';
        p.appendChild(a);
      });
    return p;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function card(v) {
    const c = el('section', 'card visit ' + v.status);
    c.dataset.request = v.requestId;
    c.appendChild(el('span', 'status', (t('status')[v.status]) || v.status));
    c.appendChild(el('h2', null, v.number + '. ' + v.addressLine));
    c.appendChild(el('p', 'meta', t('arrive') + ' ' + hm(v.arrivalAt) + (v.windowStart ? ' · ' + t('window') + ' '
      + hm(v.windowStart) + '–' + hm(v.windowEnd) : '') + ' · ' + v.registrationNumber));
    c.appendChild(el('p', null, v.customerName));
    c.appendChild(navigatorLine('navigate', [[v.lat, v.lon]]));
    const ul = el('ul', 'services');
    v.services.forEach(s => ul.appendChild(el('li', null, s.serviceName + ' × ' + s.quantity)));
    c.appendChild(ul);
    if (v.pendingEdits > 0) c.appendChild(el('p', 'notice', t('pending', v.pendingEdits)));
    const err = el('p', 'error');
    if (v.status === 'scheduled') {
      const b = el('button', 'primary start', t('start'));
      b.type = 'button';
      b.addEventListener('click', async () => {
        const r = await call('POST', '/api/field/visits/' + v.requestId + '/start');
        if (r.status === 204) load(); else problem(r.json, err);
      });
      c.appendChild(b);
    }
    if (v.status === 'in_progress') {
      const labour = el('input'); labour.type = 'number'; labour.min = '1'; labour.className = 'labour'; labour.inputMode = 'numeric';
      const comment = el('textarea'); comment.rows = 2; comment.className = 'comment';
      const l1 = el('label', null, t('labour')); const l2 = el('label', null, t('comment'));
      c.append(l1, labour, l2, comment);
      const b = el('button', 'primary done', t('done'));
      b.type = 'button';
      b.addEventListener('click', async () => {
        const r = await call('POST', '/api/field/visits/' + v.requestId + '/done',
          { labourMinutes: parseInt(labour.value, 10) || null, comment: comment.value.trim() || null });
        if (r.status === 204) load(); else problem(r.json, err);
      });
      c.appendChild(b);
    }
    if (v.status === 'scheduled' || v.status === 'in_progress') {
      const details = el('details', 'propose');
      details.appendChild(el('summary', null, t('propose')));
      const inputs = [];
      v.services.forEach(s => {
        const l = el('label', null, s.serviceName);
        const q = el('input'); q.type = 'number'; q.min = '1'; q.value = s.quantity; q.dataset.code = s.serviceCode;
        inputs.push(q);
        details.append(l, q);
      });
      const note = el('textarea', 'note'); note.rows = 2;
      details.append(el('label', null, t('note')), note);
      const send = el('button', 'secondary send', t('send'));
      send.type = 'button';
      send.addEventListener('click', async () => {
        const r = await call('POST', '/api/field/visits/' + v.requestId + '/edits',
          { items: inputs.map(q => ({ serviceCode: q.dataset.code, quantity: parseInt(q.value, 10) })), note: note.value.trim() });
        if (r.status === 201) load(); else problem(r.json, err);
      });
      details.appendChild(send);
      c.appendChild(details);
    }
    c.appendChild(err);
    return c;
  }

  document.querySelectorAll('[data-lang]').forEach(b => b.addEventListener('click', () => { lang = b.dataset.lang; applyLang(); load(); }));
  $('date').addEventListener('change', load);
  $('date').value = new URLSearchParams(location.search).get('date') || new Date().toISOString().slice(0, 10);
  applyLang();
  load();
})();
