// The technician's day on a phone: the visits of their own route in order; start, finish with labour minutes and a
// comment, propose a change of services for the dispatcher to confirm. Texts in English and Russian from the message bundles.
(function () {
  'use strict';
  // texts: messages*.properties (keys js.field.*, js.status.*), put in the page by the shared layout
  const TEXT = window.FP_TEXTS || {};
  const $ = id => document.getElementById(id);
  const lang = document.documentElement.lang || 'en'; // the page's language, chosen by the server (?lang=, cookie)
  const t = (k, ...a) => String(TEXT['field.' + k] ?? k).replace(/\{(\d+)\}/g, (m, i) => a[Number(i)]);
  // times in the company's time zone (the layout's meta tag), whatever the phone's zone
  const TIME_ZONE = (document.querySelector('meta[name="fp-time-zone"]') || {}).content || undefined;
  const hm = iso => iso ? new Date(iso).toLocaleTimeString(lang === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }) : '';

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
    c.appendChild(el('span', 'status', TEXT['status.' + v.status] || v.status));
    c.appendChild(el('h2', null, v.number + '. ' + v.addressLine));
    c.appendChild(el('p', 'meta', t('arrive') + ' ' + hm(v.arrivalAt) + (v.windowStart ? ' · ' + t('window') + ' '
      + hm(v.windowStart) + '–' + hm(v.windowEnd) : '') + ' · ' + v.registrationNumber));
    c.appendChild(el('p', null, v.customerName));
    // work for a team: who else starts here at the same time
    if (v.alongside && v.alongside.length) c.appendChild(el('p', 'with', t('with', v.alongside.join(', '))));
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
    if (v.status === 'scheduled' || v.status === 'in_progress' || v.status === 'done') {
      // a photo from the phone's camera (or a video, a PDF) attached to the request: the bytes as the body, the type
      // is found by the server from the content
      const id = 'photo-' + v.requestId;
      const label = el('label', 'photo-label', t('photo'));
      label.htmlFor = id;
      const input = el('input', 'photo');
      input.type = 'file'; input.id = id; input.accept = 'image/*,video/*,application/pdf'; input.setAttribute('capture', 'environment');
      const list = el('ul', 'files');
      input.addEventListener('change', async () => {
        for (const file of [...input.files]) {
          const res = await fetch('/api/requests/' + v.requestId + '/files?name=' + encodeURIComponent(file.name || 'photo.jpg'),
            { method: 'POST', credentials: 'same-origin', headers: { 'X-XSRF-TOKEN': csrf() }, body: file });
          let json = null;
          try { json = await res.json(); } catch (e) { json = null; }
          if (res.status !== 201) { problem(json, err); continue; }
          const li = el('li', 'file', '');
          if (json.thumbnail) { const img = el('img'); img.src = json.thumbnail; img.alt = json.fileName; li.appendChild(img); }
          li.appendChild(el('span', 'name', t('photoAdded', json.fileName)));
          list.appendChild(li);
        }
        input.value = '';
      });
      c.append(label, input, list);
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

  $('date').addEventListener('change', load);
  $('date').value = new URLSearchParams(location.search).get('date')
    || (document.querySelector('meta[name="fp-today"]') || {}).content || new Date().toISOString().slice(0, 10); // the service's today
  applyLang();
  load();
})();
