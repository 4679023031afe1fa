// The public booking form: address -> service -> day and window (held while the customer types) -> contact -> confirm.
// Plain JavaScript against /api/public/** (see docs/booking.md). No build step.
'use strict';

(() => {
  const TEXTS = {
    en: {
      title: 'Book a visit', address: 'Address', streetLabel: 'Street or place', streetHint: 'Start typing a street or town',
      houseLabel: 'House number, flat', coordsToggle: 'No suggestion fits? Give coordinates', lat: 'Latitude', lon: 'Longitude',
      useCoords: 'Use these coordinates', locate: 'Use my location', service: 'Service', serviceLabel: 'What should we do?',
      servicePick: 'Choose a service…', when: 'Date and time', windowsHint: 'Choose the address and the service first.',
      heldFor: 'Held for you:', timeLeft: 'Time left to confirm:', contact: 'Your contact', name: 'Name', phone: 'Phone',
      email: 'E-mail', comment: 'Comment for the technician (optional)', confirm: 'Book this visit', booked: 'Your visit is booked',
      regNumber: 'Registration number', keepNumber: 'Keep this number: quote it when you call us.', again: 'Book another visit',
      loading: 'Looking for free windows…', free: n => n === 1 ? '1 free' : n + ' free', noneFree: 'full', best: 'best',
      zone: z => 'Your area: ' + z, nearest: s => 'Nearest free: ' + s, chosen: 'Address:', noSuggestions: 'No street found — try another spelling or give coordinates.',
      holding: 'Holding the window…', holdExpired: 'The hold has run out; we check the window again when you confirm.',
      taken: 'Free windows nearby:', takenNoAlt: 'Nothing is free nearby.',
      sending: 'Booking…', priceFrom: 'from', minutes: 'min',
      need: {
        address: 'Choose an address from the suggestions, or give coordinates.', service: 'Choose a service.',
        window: 'Choose a free window.', name: 'Tell us your name: who should the technician ask for?',
        nameLong: 'The name is longer than 200 characters.', phoneOrEmail: 'Give a phone number or an e-mail address so we can confirm.',
        phone: 'This is not a phone number (digits, spaces, + ( ) -, 6 to 30 characters).',
        email: 'This is not an e-mail address like name@example.com.', lat: 'Latitude is a number from -90 to 90, e.g. 35.8989.',
        lon: 'Longitude is a number from -180 to 180, e.g. 14.5146.', locate: 'Your browser could not tell your location.',
        network: 'The connection failed. Press the button again: you will not be booked twice.',
        server: 'Something went wrong on our side. Please try again in a minute.'
      }
    },
    ru: {
      title: 'Запись на визит', address: 'Адрес', streetLabel: 'Улица или населённый пункт', streetHint: 'Начните вводить улицу или город',
      houseLabel: 'Дом, квартира', coordsToggle: 'Нет подходящей подсказки? Укажите координаты', lat: 'Широта', lon: 'Долгота',
      useCoords: 'Взять эти координаты', locate: 'Моё местоположение', service: 'Услуга', serviceLabel: 'Что нужно сделать?',
      servicePick: 'Выберите услугу…', when: 'Дата и время', windowsHint: 'Сначала выберите адрес и услугу.',
      heldFor: 'Время закреплено за вами:', timeLeft: 'Осталось на подтверждение:', contact: 'Ваши контакты', name: 'Имя',
      phone: 'Телефон', email: 'Эл. почта', comment: 'Комментарий для мастера (необязательно)', confirm: 'Записаться',
      booked: 'Вы записаны', regNumber: 'Регистрационный номер', keepNumber: 'Сохраните этот номер: назовите его, когда позвоните нам.',
      again: 'Записаться ещё раз', loading: 'Ищем свободное время…',
      free: n => 'свободно: ' + n, noneFree: 'занято', best: 'лучшее', zone: z => 'Ваш район: ' + z,
      nearest: s => 'Ближайшее свободное: ' + s, chosen: 'Адрес:', noSuggestions: 'Улица не найдена — попробуйте иначе или укажите координаты.',
      holding: 'Закрепляем время…', holdExpired: 'Время закрепления истекло; при подтверждении мы проверим окно снова.',
      taken: 'Свободное время рядом:', takenNoAlt: 'Рядом ничего свободного нет.',
      sending: 'Записываем…', priceFrom: 'от', minutes: 'мин',
      need: {
        address: 'Выберите адрес из подсказок или укажите координаты.', service: 'Выберите услугу.',
        window: 'Выберите свободное время.', name: 'Укажите имя: кого спросить мастеру?', nameLong: 'Имя длиннее 200 символов.',
        phoneOrEmail: 'Укажите телефон или эл. почту, чтобы мы могли подтвердить запись.',
        phone: 'Это не номер телефона (цифры, пробелы, + ( ) -, от 6 до 30 символов).',
        email: 'Это не адрес эл. почты вида name@example.com.', lat: 'Широта — число от -90 до 90, например 35.8989.',
        lon: 'Долгота — число от -180 до 180, например 14.5146.', locate: 'Браузер не смог определить ваше местоположение.',
        network: 'Связь прервалась. Нажмите кнопку ещё раз: дважды мы вас не запишем.',
        server: 'У нас что-то пошло не так. Попробуйте через минуту.'
      }
    }
  };
  // the server's field names -> the input that shows the message
  const FIELD_INPUT = {
    'contact.name': 'name', 'contact.phone': 'phone', 'contact.email': 'email', comment: 'comment', addressLine: 'address',
    lat: 'lat', lon: 'lon', service: 'service', date: null, start: null
  };
  const PHONE = /^[+0-9 ()\-]{6,30}$/;
  const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

  const $ = id => document.getElementById(id);
  const state = {
    lang: 'en', point: null, services: [], answer: null, day: null, hold: null, countdown: null,
    attempt: null, busy: false, suggestTimer: null, suggestSeq: 0, windowsSeq: 0
  };
  const t = () => TEXTS[state.lang];

  function pickLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked && TEXTS[asked]) return asked;
    for (const l of navigator.languages || [navigator.language || 'en']) {
      const base = String(l).toLowerCase().slice(0, 2);
      if (TEXTS[base]) return base;
    }
    return 'en';
  }

  function applyTexts() {
    document.documentElement.lang = state.lang;
    document.title = t().title + ' — FieldPlan';
    document.querySelectorAll('[data-t]').forEach(e => { e.textContent = t()[e.dataset.t]; });
    document.querySelectorAll('[data-t-placeholder]').forEach(e => { e.placeholder = t()[e.dataset.tPlaceholder]; });
    document.querySelectorAll('.lang').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang)));
  }

  function setLanguage(lang) {
    state.lang = lang;
    const url = new URL(location.href);
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    applyTexts();
    renderServices();
    if (state.hold) showHold();
    loadWindows(state.day);
  }

  // ---- HTTP -------------------------------------------------------------------------------------------------
  function csrfHeader() {
    const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return m ? {'X-XSRF-TOKEN': decodeURIComponent(m[1])} : {};
  }

  async function api(method, path, body, headers) {
    const init = {method, headers: Object.assign({Accept: 'application/json, application/problem+json'}, csrfHeader(), headers || {})};
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return {status: response.status, data};
  }

  function newKey() { // a UUID from the browser's random source (randomUUID needs a secure context)
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // ---- errors next to their fields ----------------------------------------------------------------------------
  function showError(field, message) {
    const box = document.querySelector('.error[data-for="' + field + '"]');
    const inputId = FIELD_INPUT[field];
    if (!box) { showGeneral(message); return; }
    box.textContent = message;
    box.hidden = false;
    if (inputId) {
      $(inputId).setAttribute('aria-invalid', 'true');
      $(inputId).setAttribute('aria-describedby', inputId + '-error');
      box.id = inputId + '-error';
    }
  }

  function clearErrors(fields) {
    document.querySelectorAll('.error[data-for]').forEach(box => {
      if (fields && !fields.includes(box.dataset.for)) return;
      box.hidden = true; box.textContent = '';
      const inputId = FIELD_INPUT[box.dataset.for];
      if (inputId) $(inputId).removeAttribute('aria-invalid');
    });
    if (!fields) { $('general-error').hidden = true; }
  }

  function showGeneral(message) {
    const box = $('general-error');
    box.textContent = message;
    box.hidden = false;
  }

  function showProblem(problem) {
    if (problem && Array.isArray(problem.errors) && problem.errors.length) {
      let first = null;
      for (const e of problem.errors) {
        const field = e.field in FIELD_INPUT ? e.field : null;
        const label = field ? '' : e.field + ': ';
        const value = e.value === null || e.value === undefined || e.value === '' ? '' : ' (' + e.value + ')';
        showError(field || 'general', label + e.reason + value);
        first = first || FIELD_INPUT[field];
      }
      if (first) $(first).focus();
    } else {
      showGeneral((problem && (problem.detail || problem.title)) || t().need.server);
    }
  }

  // ---- address --------------------------------------------------------------------------------------------------
  function onAddressInput() {
    state.point = null;
    $('chosen-address').hidden = true;
    addressChanged();
    clearTimeout(state.suggestTimer);
    const q = $('address').value.trim();
    if (q.length < 2) { $('suggestions').hidden = true; return; }
    state.suggestTimer = setTimeout(() => suggest(q), 200);
  }

  async function suggest(q) {
    const seq = ++state.suggestSeq;
    let r;
    try { r = await api('GET', '/api/public/addresses?limit=8&q=' + encodeURIComponent(q)); } catch (e) { return; }
    if (seq !== state.suggestSeq) return; // a newer query is on its way
    const list = $('suggestions');
    list.innerHTML = '';
    const items = r.status === 200 && Array.isArray(r.data) ? r.data : [];
    if (!items.length) {
      const li = document.createElement('li');
      li.className = 'empty hint';
      li.textContent = t().noSuggestions;
      list.appendChild(li);
    }
    items.forEach(s => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'suggestion';
      b.setAttribute('role', 'option');
      b.textContent = s.label;
      b.addEventListener('click', () => chooseAddress(s));
      li.appendChild(b);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  function chooseAddress(s) {
    state.point = {lat: s.lat, lon: s.lon, label: s.label};
    $('address').value = s.label;
    $('suggestions').hidden = true;
    clearErrors(['addressLine', 'lat', 'lon']);
    showChosen();
    addressChanged();
    loadWindows(null);
  }

  function showChosen() {
    const p = $('chosen-address');
    p.textContent = t().chosen + ' ' + (state.point.label || '') + ' (' + state.point.lat.toFixed(5) + ', ' + state.point.lon.toFixed(5) + ')';
    p.hidden = false;
  }

  function parseDegrees(text) {
    const v = Number(String(text).trim().replace(',', '.'));
    return String(text).trim() === '' || !Number.isFinite(v) ? null : v;
  }

  function useCoordinates() {
    clearErrors(['lat', 'lon', 'addressLine']);
    const lat = parseDegrees($('lat').value);
    const lon = parseDegrees($('lon').value);
    let ok = true;
    if (lat === null || lat < -90 || lat > 90) { showError('lat', t().need.lat); ok = false; }
    if (lon === null || lon < -180 || lon > 180) { showError('lon', t().need.lon); ok = false; }
    if (!ok) return;
    state.point = {lat, lon, label: $('address').value.trim()};
    showChosen();
    addressChanged();
    loadWindows(null);
  }

  function locate() {
    if (!navigator.geolocation) { showError('lat', t().need.locate); return; }
    navigator.geolocation.getCurrentPosition(pos => {
      $('lat').value = pos.coords.latitude.toFixed(6);
      $('lon').value = pos.coords.longitude.toFixed(6);
      useCoordinates();
    }, () => showError('lat', t().need.locate), {timeout: 10000});
  }

  function addressLine() {
    const house = $('house').value.trim();
    const place = state.point && state.point.label ? state.point.label
        : state.point ? state.point.lat.toFixed(6) + ', ' + state.point.lon.toFixed(6) : '';
    return [house, place].filter(Boolean).join(', ');
  }

  function addressChanged() { // a new place: what was held or offered belongs to the old one
    releaseHold();
    state.answer = null;
    $('alternatives').hidden = true;
    renderWindows();
  }

  // ---- services -------------------------------------------------------------------------------------------------
  async function loadServices() {
    const r = await api('GET', '/api/public/services');
    state.services = r.status === 200 && Array.isArray(r.data) ? r.data : [];
    renderServices();
  }

  function renderServices() {
    const select = $('service');
    const current = select.value;
    select.innerHTML = '';
    const pick = document.createElement('option');
    pick.value = '';
    pick.textContent = t().servicePick;
    select.appendChild(pick);
    state.services.forEach(s => {
      const o = document.createElement('option');
      o.value = s.code;
      const price = s.price === null || s.price === undefined ? '' : ', ' + (s.priceIsFrom ? t().priceFrom + ' ' : '') + s.price + ' €';
      o.textContent = s.name + ' (' + s.durationMinutes + ' ' + t().minutes + price + ')';
      select.appendChild(o);
    });
    select.value = current;
  }

  // ---- days and windows -----------------------------------------------------------------------------------------
  function dayLabel(iso, options) {
    return new Intl.DateTimeFormat(state.lang, Object.assign({timeZone: 'UTC'}, options)).format(new Date(iso + 'T00:00:00Z'));
  }

  function slotText(slot) {
    return dayLabel(slot.date, {weekday: 'short', day: 'numeric', month: 'long'}) + ', ' + slot.start + '–' + slot.end;
  }

  async function loadWindows(keepDay, from) {
    const service = $('service').value;
    if (!state.point || !service) { state.answer = null; renderWindows(); return; }
    const seq = ++state.windowsSeq;
    $('windows-hint').textContent = t().loading;
    $('windows-hint').hidden = false;
    let q = '/api/public/windows?lat=' + state.point.lat + '&lon=' + state.point.lon + '&service=' + encodeURIComponent(service)
        + '&quantity=1&lang=' + state.lang;
    if (from) {
      const to = new Date(from + 'T00:00:00Z');
      to.setUTCDate(to.getUTCDate() + 13);
      q += '&from=' + from + '&to=' + to.toISOString().slice(0, 10);
    }
    let r;
    try { r = await api('GET', q); } catch (e) { if (seq === state.windowsSeq) showGeneral(t().need.network); return; }
    if (seq !== state.windowsSeq) return;
    if (r.status !== 200) { state.answer = null; renderWindows(); showProblem(r.data); return; }
    clearErrors(['lat', 'lon', 'service']);
    state.answer = r.data;
    const days = state.answer.days || [];
    const wanted = keepDay && days.some(d => d.date === keepDay) ? keepDay : null;
    const firstFree = days.find(d => d.windows.some(w => w.available));
    state.day = wanted || (firstFree ? firstFree.date : days.length ? days[0].date : null);
    renderWindows();
  }

  function renderWindows() {
    const answer = state.answer;
    const daysBox = $('days');
    const windowsBox = $('windows');
    daysBox.innerHTML = '';
    windowsBox.innerHTML = '';
    $('zone').hidden = true;
    $('message').hidden = true;
    $('nearest').hidden = true;
    if (!answer) {
      $('windows-hint').textContent = t().windowsHint;
      $('windows-hint').hidden = false;
      return;
    }
    $('windows-hint').hidden = true;
    if (answer.zone) { $('zone').textContent = t().zone(answer.zone.name); $('zone').hidden = false; }
    if (answer.message) { $('message').textContent = answer.message; $('message').hidden = false; }
    if (answer.nearestFree) {
      $('nearest').textContent = t().nearest(slotText(answer.nearestFree));
      $('nearest').hidden = false;
    }
    (answer.days || []).forEach(d => {
      const free = d.windows.filter(w => w.available).length;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'day' + (free ? '' : ' none');
      b.dataset.date = d.date;
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(d.date === state.day));
      b.innerHTML = '<span class="dow"></span><span class="dm"></span><span class="free"></span>';
      b.querySelector('.dow').textContent = dayLabel(d.date, {weekday: 'short'});
      b.querySelector('.dm').textContent = dayLabel(d.date, {day: 'numeric', month: 'short'});
      b.querySelector('.free').textContent = free ? t().free(free) : t().noneFree;
      b.addEventListener('click', () => { state.day = d.date; renderWindows(); });
      daysBox.appendChild(b);
    });
    const selected = daysBox.querySelector('[aria-selected="true"]');
    if (selected) selected.scrollIntoView({block: 'nearest', inline: 'nearest'});
    const day = (answer.days || []).find(d => d.date === state.day);
    if (!day) return;
    day.windows.forEach(w => windowsBox.appendChild(windowButton(day.date, w)));
  }

  function windowButton(date, w) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'window' + (w.available ? '' : ' unavailable');
    b.dataset.date = date;
    b.dataset.start = w.start;
    b.textContent = w.start + '–' + w.end;
    if (w.available) {
      if (w.rank === 1) {
        const best = document.createElement('span');
        best.className = 'best';
        best.textContent = t().best;
        b.appendChild(best);
      }
      const held = state.hold && state.hold.date === date && state.hold.start === w.start;
      b.setAttribute('aria-pressed', String(Boolean(held)));
      b.addEventListener('click', () => holdWindow({date, start: w.start, end: w.end}));
    } else {
      b.disabled = true;
      b.dataset.reason = w.reasonCode || '';
      const why = document.createElement('span');
      why.className = 'why';
      why.textContent = w.reason || '';
      b.appendChild(why);
    }
    return b;
  }

  function showNearest() {
    const n = state.answer && state.answer.nearestFree;
    if (!n) return;
    if ((state.answer.days || []).some(d => d.date === n.date)) {
      state.day = n.date;
      renderWindows();
      holdWindow(n);
    } else {
      loadWindows(n.date, n.date);
    }
  }

  // ---- holds ----------------------------------------------------------------------------------------------------
  async function holdWindow(slot) {
    clearErrors(['date', 'start']);
    $('general-error').hidden = true;
    $('alternatives').hidden = true;
    if (state.hold && state.hold.date === slot.date && state.hold.start === slot.start && !state.hold.expired) return;
    releaseHold();
    $('hold').hidden = false;
    $('hold-window').textContent = t().holding;
    const body = {lat: state.point.lat, lon: state.point.lon, addressLine: addressLine() || null, service: $('service').value,
      quantity: 1, date: slot.date, start: slot.start};
    let r;
    try { r = await api('POST', '/api/public/holds?lang=' + state.lang, body); } catch (e) { $('hold').hidden = true; showGeneral(t().need.network); return; }
    if (r.status === 201) {
      const seconds = typeof r.data.secondsLeft === 'number' ? r.data.secondsLeft : (Date.parse(r.data.expiresAt) - Date.now()) / 1000;
      state.hold = {holdId: r.data.holdId, date: r.data.date, start: r.data.start, end: r.data.end,
        until: Date.now() + seconds * 1000, expired: false};
      state.day = r.data.date;
      renderWindows();
      showHold();
    } else if (r.status === 409) {
      $('hold').hidden = true;
      showAlternatives(r.data);
      loadWindows(state.day);
    } else {
      $('hold').hidden = true;
      showProblem(r.data);
    }
  }

  function showHold() {
    const h = state.hold;
    $('hold').hidden = false;
    $('hold-window').textContent = slotText(h);
    clearInterval(state.countdown);
    const tick = () => {
      const left = Math.max(0, Math.round((h.until - Date.now()) / 1000));
      $('hold-countdown').textContent = String(Math.floor(left / 60)).padStart(2, '0') + ':' + String(left % 60).padStart(2, '0');
      h.expired = left === 0;
      $('hold').classList.toggle('expired', h.expired);
      if (h.expired) {
        $('hold-countdown').textContent = t().holdExpired;
        clearInterval(state.countdown);
      }
    };
    tick();
    state.countdown = setInterval(tick, 1000);
  }

  function releaseHold() {
    clearInterval(state.countdown);
    if (state.hold && !state.hold.expired) {
      api('DELETE', '/api/public/holds/' + state.hold.holdId).catch(() => {});
    }
    state.hold = null;
    $('hold').hidden = true;
  }

  function showAlternatives(problem) {
    const list = $('alternatives-list');
    list.innerHTML = '';
    const alternatives = problem && Array.isArray(problem.alternatives) ? problem.alternatives : [];
    $('alternatives-text').textContent = (problem && problem.detail ? problem.detail + ' ' : '') + (alternatives.length ? t().taken : t().takenNoAlt);
    alternatives.forEach(a => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'window alternative';
      b.dataset.date = a.date;
      b.dataset.start = a.start;
      b.textContent = slotText(a);
      b.addEventListener('click', () => holdWindow(a));
      list.appendChild(b);
    });
    $('alternatives').hidden = false;
    $('alternatives').scrollIntoView({block: 'center'});
  }

  // ---- confirm --------------------------------------------------------------------------------------------------
  function checkForm() {
    clearErrors();
    const problems = [];
    if (!state.point) problems.push(['addressLine', t().need.address]);
    if (!$('service').value) problems.push(['service', t().need.service]);
    if (!state.hold) problems.push(['start', t().need.window]);
    const name = $('name').value.trim();
    const phone = $('phone').value.trim();
    const email = $('email').value.trim();
    if (!name) problems.push(['contact.name', t().need.name]);
    else if (name.length > 200) problems.push(['contact.name', t().need.nameLong]);
    if (!phone && !email) problems.push(['contact.phone', t().need.phoneOrEmail]);
    if (phone && !PHONE.test(phone)) problems.push(['contact.phone', t().need.phone]);
    if (email && (email.length > 200 || !EMAIL.test(email))) problems.push(['contact.email', t().need.email]);
    problems.forEach(([field, message]) => showError(field, message));
    if (problems.length) {
      const firstInput = FIELD_INPUT[problems[0][0]];
      if (firstInput) $(firstInput).focus(); else document.querySelector('.error[data-for="' + problems[0][0] + '"]').scrollIntoView({block: 'center'});
    }
    return problems.length === 0;
  }

  async function confirm() {
    if (state.busy) return; // a second click while the first is on its way
    if (!checkForm()) return;
    const body = {holdId: state.hold.holdId, lat: state.point.lat, lon: state.point.lon, addressLine: addressLine(),
      service: $('service').value, quantity: 1, date: state.hold.date, start: state.hold.start,
      contact: {name: $('name').value.trim(), phone: $('phone').value.trim() || null, email: $('email').value.trim() || null},
      comment: $('comment').value.trim() || null, lang: state.lang};
    const signature = JSON.stringify(body);
    // one key per attempt: a retry of the same booking (lost answer, second click) sends the same key
    if (!state.attempt || state.attempt.signature !== signature) state.attempt = {key: newKey(), signature};
    state.busy = true;
    const button = $('confirm');
    button.disabled = true;
    button.textContent = t().sending;
    try {
      const r = await api('POST', '/api/public/bookings', body, {'Idempotency-Key': state.attempt.key});
      if (r.status === 201 || r.status === 200) {
        showDone(r.data);
      } else if (r.status === 409) {
        releaseHold();
        state.attempt = null;
        showAlternatives(r.data);
        loadWindows(state.day);
      } else {
        showProblem(r.data);
      }
    } catch (e) {
      showGeneral(t().need.network);
    } finally {
      state.busy = false;
      button.disabled = false;
      button.textContent = t().confirm;
    }
  }

  function showDone(booked) {
    clearInterval(state.countdown);
    state.hold = null;
    $('form').hidden = true;
    $('reg-number').textContent = booked.registrationNumber;
    $('done-window').textContent = slotText(booked);
    $('done').hidden = false;
    window.scrollTo(0, 0);
  }

  function again() {
    state.attempt = null;
    state.answer = null;
    $('done').hidden = true;
    $('form').hidden = false;
    loadWindows(null);
  }

  // ---- wiring ---------------------------------------------------------------------------------------------------
  function start() {
    state.lang = pickLanguage();
    applyTexts();
    document.querySelectorAll('.lang').forEach(b => b.addEventListener('click', () => setLanguage(b.dataset.lang)));
    $('address').addEventListener('input', onAddressInput);
    $('use-coords').addEventListener('click', useCoordinates);
    $('locate').addEventListener('click', locate);
    $('service').addEventListener('change', () => { clearErrors(['service']); addressChanged(); loadWindows(null); });
    $('nearest').addEventListener('click', showNearest);
    $('confirm').addEventListener('click', confirm);
    $('again').addEventListener('click', again);
    ['name', 'phone', 'email'].forEach(id => $(id).addEventListener('input', () => clearErrors(['contact.' + id])));
    loadServices().catch(() => showGeneral(t().need.server));
    document.body.dataset.ready = 'true';
  }

  start();
})();
