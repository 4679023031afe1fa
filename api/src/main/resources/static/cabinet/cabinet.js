// The customer's cabinet: sign in with a one-time code or link, the organisation's requests with their progress,
// the conversation with the office, the actions open now, the rating, notification preferences.
// Talks to /api/public/sign-in/* and /api/cabinet/* only; every text in English and Russian.
(function () {
  'use strict';

  const TEXT = {
    en: {
      title: 'My requests', signIn: 'Sign in', signInHint: 'We send a one-time code to the e-mail or phone you gave us.',
      contact: 'E-mail or phone', send: 'Send me a code', sent: 'If we know this contact, a code is on its way.',
      code: 'Code', verify: 'Sign in', requests: 'Requests', empty: 'No requests yet.', back: 'All requests',
      timeline: 'Progress', rate: 'Rate the work', ratingText: 'Comment', sendRating: 'Send the rating',
      conversation: 'Conversation with the office', write: 'Write to the office', sendComment: 'Send',
      prefs: 'Notifications', language: 'Language', channel: 'Channel', optOut: 'No notifications', save: 'Save',
      saved: 'Saved.', services: 'Services', address: 'Address', when: 'Date and window', technician: 'Technician',
      total: 'Total', from: 'from', office: 'Office', you: 'You', failed: 'Something went wrong; please try again.',
      confirm: a => ({ cancel: 'Cancel this request?', refuse: 'Refuse the quote?', dispute: 'Dispute the work?' })[a] || null,
      action: { agree: 'Agree to the quote', refuse: 'Refuse the quote', accept: 'Accept the work', dispute: 'Dispute',
        cancel: 'Cancel the request' },
      status: { new: 'registered', quoted: 'quote sent', agreed: 'agreed', refused: 'refused', scheduled: 'scheduled',
        in_progress: 'in progress', done: 'done', accepted: 'accepted', disputed: 'disputed', cancelled: 'cancelled' }
    },
    ru: {
      title: 'Мои заявки', signIn: 'Вход', signInHint: 'Мы пришлём одноразовый код на e-mail или телефон, который вы нам дали.',
      contact: 'E-mail или телефон', send: 'Прислать код', sent: 'Если мы знаем этот контакт, код уже в пути.',
      code: 'Код', verify: 'Войти', requests: 'Заявки', empty: 'Заявок пока нет.', back: 'Все заявки',
      timeline: 'Ход работ', rate: 'Оцените работу', ratingText: 'Комментарий', sendRating: 'Отправить оценку',
      conversation: 'Переписка с офисом', write: 'Написать в офис', sendComment: 'Отправить',
      prefs: 'Уведомления', language: 'Язык', channel: 'Канал', optOut: 'Не присылать уведомления', save: 'Сохранить',
      saved: 'Сохранено.', services: 'Услуги', address: 'Адрес', when: 'Дата и время', technician: 'Мастер',
      total: 'Сумма', from: 'от', office: 'Офис', you: 'Вы', failed: 'Что-то пошло не так; попробуйте ещё раз.',
      confirm: a => ({ cancel: 'Отменить заявку?', refuse: 'Отказаться от сметы?', dispute: 'Оспорить работу?' })[a] || null,
      action: { agree: 'Согласовать смету', refuse: 'Отказаться от сметы', accept: 'Принять работу', dispute: 'Оспорить',
        cancel: 'Отменить заявку' },
      status: { new: 'зарегистрирована', quoted: 'смета отправлена', agreed: 'согласована', refused: 'отказ',
        scheduled: 'назначена', in_progress: 'в работе', done: 'выполнена', accepted: 'принята', disputed: 'оспорена',
        cancelled: 'отменена' }
    }
  };

  const $ = id => document.getElementById(id);
  const state = { lang: 'en', current: null, stars: 0 };

  function pickLang() {
    const q = new URLSearchParams(location.search).get('lang') || localStorage.getItem('fieldplan.lang');
    if (q === 'ru' || q === 'en') return q;
    for (const l of navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en']) {
      const base = String(l).toLowerCase().slice(0, 2);
      if (base === 'ru' || base === 'en') return base;
    }
    return 'en';
  }
  const t = key => TEXT[state.lang][key];

  function applyLang() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
    document.querySelectorAll('[data-lang]').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang)));
    document.title = t('title') + ' · FieldPlan';
  }

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  async function call(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = csrf();
    if (token && method !== 'GET') headers['X-XSRF-TOKEN'] = token;
    const r = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    let json = null;
    try { json = await r.json(); } catch (e) { /* empty body */ }
    return { status: r.status, json };
  }

  // problem+json errors next to the field they name
  function showErrors(answer, fallbackField) {
    document.querySelectorAll('.error').forEach(e => { e.textContent = ''; });
    const errors = answer.json && answer.json.errors;
    if (errors && errors.length) {
      errors.forEach(e => {
        const el = document.querySelector('.error[data-for="' + e.field + '"]') || document.querySelector('.error[data-for="' + fallbackField + '"]');
        if (el) el.textContent = e.reason;
      });
    } else {
      const el = document.querySelector('.error[data-for="' + fallbackField + '"]');
      if (el) el.textContent = (answer.json && answer.json.detail) || t('failed');
    }
  }

  function show(...ids) {
    ['signin', 'list', 'detail', 'prefs'].forEach(id => { $(id).hidden = !ids.includes(id); });
  }

  const fmtDate = iso => new Date(iso).toLocaleString(state.lang === 'ru' ? 'ru-RU' : 'en-GB',
    { weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  const fmtWindow = w => w ? fmtDate(w.start) + '–' + new Date(w.end).toLocaleTimeString(state.lang === 'ru' ? 'ru-RU' : 'en-GB',
    { hour: '2-digit', minute: '2-digit' }) : '';
  const statusText = s => t('status')[s] || s;

  async function start() {
    const path = location.pathname;
    const params = new URLSearchParams(location.search);
    if (path.startsWith('/cabinet/sign-in') && params.get('token')) {
      const r = await call('POST', '/api/public/sign-in/verify', { token: params.get('token') });
      history.replaceState(null, '', '/cabinet/');
      if (r.status !== 200) { show('signin'); showErrors(r, 'token'); return; }
      if (r.json.language) { state.lang = r.json.language; applyLang(); }
    }
    const me = await call('GET', '/api/cabinet');
    if (me.status === 401 || me.status === 403) { show('signin'); return; }
    prefsFill(me.json.preferences);
    const m = path.match(/\/cabinet\/requests\/(\d+)/);
    if (m) { await openRequest(m[1], params.get('action')); } else { await openList(); }
  }

  async function openList() {
    const r = await call('GET', '/api/cabinet/requests');
    if (r.status === 401) { show('signin'); return; }
    const ul = $('requests');
    ul.textContent = '';
    (r.json || []).forEach(req => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      const num = document.createElement('span'); num.className = 'num'; num.textContent = req.registrationNumber;
      const st = document.createElement('span'); st.className = 'st'; st.textContent = statusText(req.status);
      const when = document.createElement('div'); when.className = 'hint'; when.textContent = fmtWindow(req.window) || req.addressLine;
      b.append(num, ' ', st, when);
      b.addEventListener('click', () => { history.pushState(null, '', '/cabinet/requests/' + req.id); openRequest(req.id); });
      li.append(b);
      ul.append(li);
    });
    $('empty').hidden = (r.json || []).length > 0;
    show('list', 'prefs');
  }

  async function openRequest(id, focusAction) {
    const r = await call('GET', '/api/cabinet/requests/' + id);
    if (r.status !== 200) { await openList(); return; }
    const req = r.json;
    state.current = req;
    $('d-number').textContent = req.registrationNumber;
    $('d-status').textContent = statusText(req.status);
    const facts = $('d-facts');
    facts.textContent = '';
    const add = (label, value) => { if (!value) return; const dt = document.createElement('dt'); dt.textContent = label;
      const dd = document.createElement('dd'); dd.textContent = value; facts.append(dt, dd); };
    add(t('services'), req.services.map(s => s.quantity > 1 ? s.service + ' × ' + s.quantity : s.service).join(', '));
    add(t('address'), req.addressLine);
    add(t('when'), fmtWindow(req.window));
    add(t('technician'), req.technicianName);
    add(t('total'), (req.totalIsFrom ? t('from') + ' ' : '') + Number(req.total).toFixed(2) + ' EUR');
    const tl = $('d-timeline');
    tl.textContent = '';
    req.timeline.forEach(s => { const li = document.createElement('li'); li.textContent = statusText(s.status);
      const time = document.createElement('time'); time.textContent = fmtDate(s.at); li.append(time); tl.append(li); });
    const actions = $('d-actions');
    actions.textContent = '';
    req.actions.filter(a => t('action')[a.action]).forEach(a => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = t('action')[a.action];
      b.className = a.action === 'accept' || a.action === 'agree' ? 'go' : a.action === 'cancel' || a.action === 'dispute' || a.action === 'refuse' ? 'stop' : '';
      if (a.action === focusAction) { b.classList.add('focus'); setTimeout(() => b.scrollIntoView({ block: 'center' }), 0); }
      b.addEventListener('click', () => act(a.action));
      actions.append(b);
    });
    $('d-rate').hidden = !req.actions.some(a => a.action === 'rate');
    if (focusAction === 'rate' && !$('d-rate').hidden) setTimeout(() => $('d-rate').scrollIntoView(), 0);
    stars(0);
    const msgs = $('d-messages');
    msgs.textContent = '';
    req.messages.forEach(m => { const li = document.createElement('li'); li.className = m.mine ? 'mine' : m.fromOffice ? 'office' : 'customer';
      const who = document.createElement('small'); who.textContent = (m.mine ? t('you') : m.fromOffice ? t('office') : m.author) + ' · ' + fmtDate(m.at);
      const text = document.createElement('div'); text.textContent = m.body; text.style.whiteSpace = 'pre-line';
      li.append(who, text); msgs.append(li); });
    show('detail');
  }

  async function act(action) {
    const question = t('confirm')(action);
    if (question && !window.confirm(question)) return;
    const r = await call('POST', '/api/cabinet/requests/' + state.current.id + '/actions', { action });
    if (r.status !== 200) { showErrors(r, 'action'); return; }
    await openRequest(state.current.id);
  }

  function stars(n) {
    state.stars = n;
    const box = $('stars');
    box.textContent = '';
    for (let i = 1; i <= 5; i++) {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = '★'; b.className = i <= n ? 'on' : '';
      b.setAttribute('role', 'radio'); b.setAttribute('aria-checked', String(i === n)); b.setAttribute('aria-label', String(i));
      b.addEventListener('click', () => stars(i));
      box.append(b);
    }
  }

  function prefsFill(p) {
    if (!p) return;
    $('p-lang').value = p.language; $('p-channel').value = p.channel; $('p-out').checked = p.optedOut;
  }

  function wire() {
    document.querySelectorAll('[data-lang]').forEach(b => b.addEventListener('click', () => {
      state.lang = b.dataset.lang; localStorage.setItem('fieldplan.lang', state.lang); applyLang();
      if (state.current && !$('detail').hidden) openRequest(state.current.id); else if (!$('list').hidden) openList();
    }));
    $('send').addEventListener('click', async () => {
      const r = await call('POST', '/api/public/sign-in/code', { contact: $('contact').value, lang: state.lang });
      if (r.status !== 202) { showErrors(r, 'contact'); return; }
      showErrors({ json: { errors: [] } }, 'contact');
      $('code-step').hidden = false; $('code').focus();
    });
    $('verify').addEventListener('click', async () => {
      const r = await call('POST', '/api/public/sign-in/verify', { contact: $('contact').value, code: $('code').value });
      if (r.status !== 200) { showErrors(r, 'code'); return; }
      if (r.json.language) { state.lang = r.json.language; applyLang(); }
      await start();
    });
    $('back').addEventListener('click', () => { history.pushState(null, '', '/cabinet/'); state.current = null; openList(); });
    $('send-comment').addEventListener('click', async () => {
      const r = await call('POST', '/api/cabinet/requests/' + state.current.id + '/comments', { body: $('comment').value });
      if (r.status !== 201) { showErrors(r, 'body'); return; }
      $('comment').value = '';
      await openRequest(state.current.id);
    });
    $('send-rating').addEventListener('click', async () => {
      const r = await call('PUT', '/api/cabinet/requests/' + state.current.id + '/rating', { stars: state.stars || null, text: $('rating-text').value || null });
      if (r.status !== 200) { showErrors(r, 'stars'); return; }
      await openRequest(state.current.id);
    });
    $('save-prefs').addEventListener('click', async () => {
      const r = await call('PUT', '/api/cabinet/preferences', { language: $('p-lang').value, channel: $('p-channel').value, optedOut: $('p-out').checked });
      if (r.status !== 200) { showErrors(r, 'channel'); return; }
      $('p-saved').hidden = false; setTimeout(() => { $('p-saved').hidden = true; }, 2000);
    });
    window.addEventListener('popstate', () => start());
  }

  state.lang = pickLang();
  applyLang();
  wire();
  start();
}());
