// The public booking form: address -> service -> day and free window (held) -> contact -> registration number.
// Talks to /api/public/* only. Texts come from the page's bundle (messages*.properties, js.book.*) in the page's
// language; the same script runs in /book and in /book/embed (inside another site's iframe), where it also tells the
// embedding page its height (postMessage {type: 'fieldplan-book-height', height}) so the frame fits the form.
import { t as text, lang, fmtNumber } from '/assets/fp.js';

  const $ = id => document.getElementById(id);
  const state = { lang, point: null, windows: null, day: null, chosen: null, hold: null, key: null, timer: null, declined: new Set() };

  const t = (key, ...args) => text('book.' + key, ...args);
  const money = (value, from) => (from ? t('from') + ' ' : '') + fmtNumber(value, 2) + ' €';

  async function api(method, path, body, headers) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await fetch(path + (method === 'GET' || path.includes('holds') ? sep + 'lang=' + state.lang : ''), {
      method, headers: Object.assign({ 'Accept': 'application/json', 'Content-Type': 'application/json' }, headers || {}),
      body: body ? JSON.stringify(body) : undefined
    });
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    return { status: res.status, json };
  }

  // the general error line of the last section on screen
  function formError() {
    const all = [...document.querySelectorAll('.error[data-for="form"]')].filter(e => !e.closest('section').hidden);
    return all[all.length - 1] || document.querySelector('.error[data-for="form"]');
  }

  function clearErrors() {
    document.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
  }

  function showErrors(problem) {
    const errors = (problem && problem.errors) || [];
    let shown = false;
    errors.forEach(err => {
      const el = document.querySelector('.error[data-for="' + err.field + '"]');
      if (el) { el.textContent = err.reason + (err.value != null && err.value !== '' ? ' (' + err.value + ')' : ''); shown = true; }
    });
    if (!shown) {
      formError().textContent = (problem && (problem.detail || problem.title)) || t('failed');
    }
  }

  // ---- address ------------------------------------------------------------------------------------------------
  let typing = null;
  $('address').addEventListener('input', () => {
    state.point = null;
    $('picked').hidden = true;
    clearTimeout(typing);
    const q = $('address').value.trim();
    if (q.length < 2) { $('suggestions').hidden = true; return; }
    typing = setTimeout(async () => {
      const r = await api('GET', '/api/public/addresses?q=' + encodeURIComponent(q) + '&limit=8');
      const list = $('suggestions');
      list.innerHTML = '';
      if (r.status !== 200 || r.json.length === 0) {
        list.hidden = true;
        $('picked').textContent = t('noStreet');
        $('picked').hidden = false;
        return;
      }
      r.json.forEach(s => {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = s.label;
        b.addEventListener('click', () => {
          $('address').value = s.label;
          state.point = { lat: s.lat, lon: s.lon };
          $('lat').value = s.lat.toFixed(6);
          $('lon').value = s.lon.toFixed(6);
          list.hidden = true;
          showTotal();
        });
        li.appendChild(b);
        list.appendChild(li);
      });
      list.hidden = false;
    }, 200);
  });

  $('locate').addEventListener('click', () => {
    if (!navigator.geolocation) { $('picked').textContent = t('locateFailed'); $('picked').hidden = false; return; }
    navigator.geolocation.getCurrentPosition(p => {
      $('lat').value = p.coords.latitude.toFixed(6);
      $('lon').value = p.coords.longitude.toFixed(6);
    }, () => { $('picked').textContent = t('locateFailed'); $('picked').hidden = false; });
  });

  function point() {
    const lat = parseFloat($('lat').value.replace(',', '.'));
    const lon = parseFloat($('lon').value.replace(',', '.'));
    if (Number.isFinite(lat) && Number.isFinite(lon)) return { lat, lon };
    return state.point;
  }

  function addressLine() {
    const street = $('address').value.trim() || (point() ? point().lat.toFixed(5) + ', ' + point().lon.toFixed(5) : '');
    const house = $('house').value.trim();
    return house ? street + ', ' + house : street;
  }

  // ---- services -------------------------------------------------------------------------------------------------
  async function loadServices() {
    const r = await api('GET', '/api/public/services');
    const select = $('service');
    select.innerHTML = '';
    (r.json || []).forEach(s => {
      const o = document.createElement('option');
      o.value = s.code;
      o.textContent = s.name + ' · ' + money(s.price, s.priceIsFrom);
      o.dataset.price = s.price;
      o.dataset.from = s.priceIsFrom;
      select.appendChild(o);
    });
    showTotal();
  }

  // further services of the same visit: rows of a service and its quantity, added and removed by the customer
  function addLine(code, qty) {
    const row = document.createElement('div');
    row.className = 'row more-line';
    const select = document.createElement('select');
    select.className = 'more-service';
    select.setAttribute('aria-label', t('moreService'));
    [...$('service').options].forEach(o => select.appendChild(o.cloneNode(true)));
    if (code) select.value = code;
    const q = document.createElement('input');
    q.type = 'number'; q.min = '1'; q.max = '100'; q.value = String(qty || 1); q.inputMode = 'numeric';
    q.className = 'more-quantity';
    q.setAttribute('aria-label', t('moreQuantity'));
    const remove = document.createElement('button');
    remove.type = 'button'; remove.className = 'secondary remove-line'; remove.textContent = '×';
    remove.setAttribute('aria-label', t('removeService'));
    remove.addEventListener('click', () => { row.remove(); showTotal(); });
    select.addEventListener('change', showTotal);
    q.addEventListener('input', showTotal);
    row.append(select, q, remove);
    $('more').appendChild(row);
    showTotal();
    return row;
  }
  $('addService').addEventListener('click', () => addLine(null, 1).querySelector('select').focus());

  function moreServices() {
    return [...document.querySelectorAll('#more .more-line')].map(row => ({
      service: row.querySelector('.more-service').value,
      quantity: parseInt(row.querySelector('.more-quantity').value || '1', 10)
    }));
  }

  // the preliminary total, priced by the server (the zone's discounts and markups and extra services included once the
  // address is known): the client never computes a price; "from" when any line's price is a minimum
  let pricing = 0;
  async function showTotal() {
    const mine = ++pricing;
    const p = point();
    const services = [{ serviceTypeCode: $('service').value, quantity: parseInt($('quantity').value || '1', 10) }]
      .concat(moreServices().map(m => ({ serviceTypeCode: m.service, quantity: m.quantity })));
    if (!services[0].serviceTypeCode || services.some(s => !Number.isFinite(s.quantity) || s.quantity < 1)) {
      $('total').textContent = ''; $('priceNotes').textContent = ''; return;
    }
    const body = { services, lang: state.lang, declinedExtras: [...state.declined] };
    if (p) { body.lat = p.lat; body.lon = p.lon; }
    const r = await api('POST', '/api/public/prices/preview', body);
    if (mine !== pricing) return; // a newer change is being priced
    if (r.status !== 200) { $('total').textContent = ''; $('priceNotes').textContent = ''; return; }
    state.price = r.json;
    $('total').textContent = t('total', r.json.totalText);
    const notes = [];
    const seen = new Set();
    r.json.lines.concat(r.json.extras).forEach(l => l.modifiers.forEach(m => {
      if (seen.has(m.name)) return;
      seen.add(m.name);
      const amount = m.method === 'percent' ? fmtNumber(m.amount, 0) + ' %' : fmtNumber(m.amount, 2) + ' ' + r.json.currency;
      notes.push(m.name + ' (' + (m.effect === 'discount' ? '−' : '+') + amount + ')');
    }));
    $('priceNotes').textContent = notes.join(' · ');
    showExtras(r.json.extras);
  }

  // the extra services the server added for this address (issue 16), shown apart, each removable before sending: a
  // removed one is sent as declinedExtras and the server prices (and later stores) the order without it
  function showExtras(extras) {
    const list = $('extras');
    list.replaceChildren();
    extras.forEach(x => {
      const li = document.createElement('li');
      li.className = 'extra-line';
      li.dataset.code = x.serviceTypeCode;
      const label = document.createElement('span');
      label.textContent = t('extra', x.serviceTypeName + ' × ' + x.quantity, x.lineTotalText);
      const remove = document.createElement('button');
      remove.type = 'button'; remove.className = 'secondary remove-extra'; remove.textContent = '×';
      remove.setAttribute('aria-label', t('removeExtra', x.serviceTypeName));
      remove.addEventListener('click', () => { state.declined.add(x.serviceTypeCode); li.remove(); showTotal(); });
      li.append(label, remove);
      list.appendChild(li);
    });
    list.hidden = extras.length === 0;
  }
  $('service').addEventListener('change', showTotal);
  $('quantity').addEventListener('input', showTotal);
  $('lat').addEventListener('change', showTotal);
  $('lon').addEventListener('change', showTotal);

  // ---- windows ----------------------------------------------------------------------------------------------------
  $('find').addEventListener('click', findWindows);

  async function findWindows() {
    clearErrors();
    const p = point();
    if (!p) { document.querySelector('.error[data-for="lat"]').textContent = t('pickAddress'); return; }
    const q = '/api/public/windows?lat=' + p.lat + '&lon=' + p.lon + '&service=' + encodeURIComponent($('service').value)
      + '&quantity=' + encodeURIComponent($('quantity').value || '1')
      + (moreServices().length ? '&also=' + encodeURIComponent(moreServices().map(m => m.service + ':' + m.quantity).join(',')) : '');
    const r = await api('GET', q);
    if (r.status !== 200) { showErrors(r.json); return; }
    state.windows = r.json;
    $('step-when').hidden = false;
    $('zone').textContent = r.json.zone ? t('zone', r.json.zone.name) : '';
    $('message').hidden = !r.json.message;
    $('message').textContent = r.json.message || '';
    if (r.json.nearestFree) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = dayLabel(r.json.nearestFree.date) + ' ' + r.json.nearestFree.start + '–' + r.json.nearestFree.end;
      b.addEventListener('click', () => choose(r.json.nearestFree.date, r.json.nearestFree.start, r.json.nearestFree.end));
      $('message').appendChild(document.createElement('br'));
      $('message').appendChild(b);
    }
    renderDays();
    $('step-when').scrollIntoView();
  }

  function dayLabel(iso) {
    const d = new Date(iso + 'T12:00:00');
    return d.toLocaleDateString(state.lang === 'ru' ? 'ru-RU' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  }

  function renderDays() {
    const days = $('days');
    days.innerHTML = '';
    const list = state.windows.days || [];
    if (!state.day || !list.some(d => d.date === state.day)) {
      const firstFree = list.find(d => d.windows.some(w => w.available));
      state.day = firstFree ? firstFree.date : (list[0] && list[0].date);
    }
    list.forEach(d => {
      const free = d.windows.filter(w => w.available).length;
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.dataset.date = d.date;
      b.className = free === 0 ? 'none' : '';
      b.setAttribute('aria-selected', String(d.date === state.day));
      b.innerHTML = '<span></span><span class="free"></span>';
      b.firstChild.textContent = dayLabel(d.date);
      b.lastChild.textContent = free === 0 ? t('full') : t('free', free);
      b.addEventListener('click', () => { state.day = d.date; renderDays(); });
      days.appendChild(b);
    });
    renderWindows();
  }

  function renderWindows() {
    const box = $('windows');
    box.innerHTML = '';
    const day = (state.windows.days || []).find(d => d.date === state.day);
    if (!day) return;
    day.windows.forEach(w => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.start = w.start;
      b.textContent = w.start + '–' + w.end;
      const small = document.createElement('small');
      if (w.available) {
        small.textContent = w.rank === 1 ? t('best') : t('travel', w.addedTravelMinutes);
        if (w.rank <= 3) b.classList.add('best');
        b.addEventListener('click', () => choose(day.date, w.start, w.end));
      } else {
        b.disabled = true;
        small.textContent = w.reason;
      }
      if (state.chosen && state.chosen.date === day.date && state.chosen.start === w.start) b.classList.add('chosen');
      b.appendChild(small);
      box.appendChild(b);
    });
  }

  async function choose(date, start, end) {
    clearErrors();
    $('alternatives').hidden = true;
    if (state.hold) {
      api('DELETE', '/api/public/holds/' + state.hold.holdId);
      state.hold = null;
    }
    const p = point();
    const r = await api('POST', '/api/public/holds', {
      lat: p.lat, lon: p.lon, addressLine: addressLine(), service: $('service').value,
      quantity: parseInt($('quantity').value || '1', 10), date, start, moreServices: moreServices()
    });
    if (r.status === 409) { showAlternatives(r.json); return; }
    if (r.status !== 201) { showErrors(r.json); return; }
    state.hold = r.json;
    state.hold.deadline = Date.now() + r.json.secondsLeft * 1000; // the server's count, not this device's clock
    state.chosen = { date, start, end };
    state.key = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    state.day = date;
    renderDays();
    startCountdown();
    $('step-who').hidden = false;
    $('name').focus();
  }

  function showAlternatives(problem) {
    const box = $('alternatives');
    box.innerHTML = '';
    const p = document.createElement('p');
    p.textContent = (problem && problem.detail) || t('alternatives');
    box.appendChild(p);
    ((problem && problem.alternatives) || []).forEach(a => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'alternative';
      b.textContent = dayLabel(a.date) + ' ' + a.start + '–' + a.end;
      b.addEventListener('click', () => choose(a.date, a.start, a.end));
      box.appendChild(b);
    });
    box.hidden = false;
    box.scrollIntoView();
  }

  function startCountdown() {
    clearInterval(state.timer);
    const tick = () => {
      if (!state.hold) { $('hold').hidden = true; return; }
      const until = new Date(state.hold.deadline);
      const left = Math.max(0, Math.round((state.hold.deadline - Date.now()) / 1000));
      if (left === 0) {
        $('hold').textContent = t('holdGone');
        state.hold = null;
        clearInterval(state.timer);
        return;
      }
      const hm = until.toLocaleTimeString(state.lang === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
      $('hold').textContent = t('held', hm, Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0'));
      $('hold').hidden = false;
    };
    tick();
    state.timer = setInterval(tick, 1000);
  }

  // ---- contact and confirmation ---------------------------------------------------------------------------------
  function checkContact() {
    let ok = true;
    const set = (field, text) => { document.querySelector('.error[data-for="' + field + '"]').textContent = text; ok = false; };
    const name = $('name').value.trim();
    const phone = $('phone').value.trim();
    const email = $('email').value.trim();
    if (!name) set('contact.name', t('needName'));
    if (!phone && !email) set('contact.phone', t('needContact'));
    if (phone && !/^[+0-9 ()\-]{6,30}$/.test(phone)) set('contact.phone', t('badPhone'));
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) set('contact.email', t('badEmail'));
    return ok;
  }

  $('confirm').addEventListener('click', async () => {
    clearErrors();
    if (!state.chosen || !checkContact()) return;
    const button = $('confirm');
    button.disabled = true;
    const p = point();
    try {
      const r = await api('POST', '/api/public/bookings', {
        holdId: state.hold ? state.hold.holdId : null, lat: p.lat, lon: p.lon, addressLine: addressLine(),
        service: $('service').value, quantity: parseInt($('quantity').value || '1', 10), date: state.chosen.date,
        start: state.chosen.start,
        contact: { name: $('name').value.trim(), phone: $('phone').value.trim() || null, email: $('email').value.trim() || null },
        comment: $('comment').value.trim() || null, lang: state.lang, moreServices: moreServices(),
        declinedExtras: [...state.declined]
      }, { 'Idempotency-Key': state.key });
      if (r.status === 201 || r.status === 200) {
        clearInterval(state.timer);
        ['step-where', 'step-when', 'step-who'].forEach(id => { $(id).hidden = true; });
        $('number').textContent = r.json.registrationNumber;
        $('summary').textContent = t('summary', dayLabel(r.json.date), r.json.start + '–' + r.json.end);
        $('doneTotal').textContent = state.price ? t('total', state.price.totalText) : '';
        $('done').hidden = false;
        return;
      }
      if (r.status === 409) {
        state.hold = null;
        state.chosen = null;
        $('hold').hidden = true;
        showAlternatives(r.json);
        return;
      }
      showErrors(r.json);
    } catch (e) {
      formError().textContent = t('failed');
    } finally {
      button.disabled = false;
    }
  });

  // inside another site's frame: tell the embedding page how tall the form is now (embed.js sizes the iframe)
  if (window.parent !== window && document.body.classList.contains('fp-embedded')) {
    // the form's own height (the document's would never shrink below the frame's current height)
    const main = document.getElementById('main');
    const report = () => window.parent.postMessage({ type: 'fieldplan-book-height',
      height: Math.ceil(main.getBoundingClientRect().bottom + window.scrollY + 8) }, '*');
    new ResizeObserver(report).observe(main);
    report();
  }

  loadServices();
