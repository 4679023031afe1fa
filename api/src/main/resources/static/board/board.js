// The dispatcher board: technicians x time, the map from the app's own geometry, run/stop/publish with live progress,
// pin, drag a visit to another technician or place (checked against the hard rules first; a member of a team's
// visit is dragged, or replaced from its card, onto another technician at the team's common start), free technicians,
// requests. Texts in English and Russian from the message bundles.
(function () {
  'use strict';
  // texts: messages*.properties (keys js.board.*), put in the page by the shared layout
  const TEXT = window.FP_TEXTS || {};
  const START = 7 * 60, END = 19 * 60; // the day view spans 07:00-19:00
  const COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#ae3ec9', '#e67700', '#0c8599', '#c2255c', '#5c940d'];
  const $ = id => document.getElementById(id);
  const lang = document.documentElement.lang || 'en'; // the page's language, chosen by the server (?lang=, cookie)
  const t = (k, ...a) => String(TEXT['board.' + k] ?? k).replace(/\{(\d+)\}/g, (m, i) => a[Number(i)]);
  // a big job solved in parts names its stage (the engine's English name) and its number of parts
  const STAGES = [[/^construction$/, 'construction'], [/^rehome$/, 'rehome'], [/^parts travel search$/, 'travel'],
    [/^parts drawn again (\d+), travel search$/, 'redraw'], [/^early boundary travel search$/, 'early'],
    [/^parts local search$/, 'local'], [/^boundary round (\d+)$/, 'boundary']];
  const stageText = s => {
    for (const [re, key] of STAGES) { const m = s.match(re); if (m) return t('stage.' + key, m[1]); }
    return s;
  };
  const progressText = p => (p.stage && p.parts && p.status === 'solving' ? t('parts', p.parts, stageText(p.stage)) + ' · ' : '')
    + t('progress', p.status, p.assigned ?? 0, p.unassigned ?? 0,
    Math.round((p.travelSeconds || 0) / 60), p.score || '', p.elapsedSeconds || 0);
  let day = null, selected = null, job = null, source = null;

  function csrf() {
    const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }
  async function call(method, path, body) {
    const r = await fetch(path, { method, credentials: 'same-origin', headers: { 'Accept': 'application/json',
      'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrf() }, body: body ? JSON.stringify(body) : undefined });
    let json = null;
    try { json = await r.json(); } catch (e) { json = null; }
    return { status: r.status, json };
  }
  const minutes = hm => { const [h, m] = hm.split(':').map(Number); return h * 60 + m; };
  const pct = hm => 100 * (minutes(hm) - START) / (END - START);
  const barOf = (requestId, member) => day.rows.flatMap(r => r.bars).find(b => b.requestId === requestId && (b.member || 1) === (member || 1));
  // where a visit goes on a row: a team's visit at its common start (it does not move), another where it was dropped
  const positionIn = (row, requestId, member, at) => row.bars.filter(b => !(b.requestId === requestId && (b.member || 1) === member)
    && minutes(b.start) < at).length;
  function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach(e => { e.textContent = t(e.dataset.t); });
  }

  async function load() {
    const r = await call('GET', '/api/board/day?date=' + $('date').value);
    if (r.status !== 200) { $('progress').textContent = (r.json && r.json.detail) || r.status; return; }
    day = r.json;
    renderRows();
    renderMap();
    renderUnplanned();
    fillZones();
    await loadReplan();
  }

  function renderRows() {
    const axis = $('axis');
    axis.innerHTML = '';
    for (let h = 7; h <= 19; h += 1) {
      const s = el('span', null, String(h).padStart(2, '0'));
      s.style.left = (100 * (h * 60 - START) / (END - START)) + '%';
      axis.appendChild(s);
    }
    const rows = $('rows');
    rows.innerHTML = '';
    day.rows.forEach((row, i) => {
      const wrap = el('div', 'rowwrap' + (selected && selected.tech === row.technicianId ? ' selected' : ''));
      wrap.dataset.technician = row.technicianId;
      const who = el('div', 'who');
      who.appendChild(el('b', null, row.name));
      who.appendChild(el('small', null, t('work', row.visits, row.serviceHours, row.travelHours, row.percentOfShift)));
      const link = el('a', null, t('sheet'));
      link.href = '/sheets/' + row.technicianId + '/' + $('date').value + '?lang=' + lang;
      link.target = '_blank';
      who.appendChild(link);
      who.addEventListener('click', e => { if (e.target.tagName !== 'A') select({ tech: row.technicianId }); });
      const line = el('div', 'trow');
      line.dataset.technician = row.technicianId;
      const shift = el('div', 'shift');
      shift.style.left = pct(row.shiftStart) + '%';
      shift.style.width = (pct(row.shiftEnd) - pct(row.shiftStart)) + '%';
      line.appendChild(shift);
      row.bars.forEach(bar => {
        if (bar.travelMinutes > 0) {
          const tr = el('div', 'travel');
          tr.style.left = pct(bar.arrival) - 100 * bar.travelMinutes / (END - START) + '%';
          tr.style.width = 100 * bar.travelMinutes / (END - START) + '%';
          line.appendChild(tr);
        }
        const team = bar.teamSize > 1;
        const b = el('div', 'bar ' + bar.status + (bar.pinned ? ' pinned' : '') + (team ? ' team' : '')
          + (selected && selected.request === bar.requestId ? ' selected' : ''), bar.label + (team ? ' ×' + bar.teamSize : ''));
        b.dataset.request = bar.requestId;
        b.dataset.member = bar.member || 1;
        b.title = bar.label + ' ' + bar.start + '–' + bar.end + (bar.window ? ' [' + bar.window + ']' : '')
          + (team ? ' · ' + t('member', bar.member, bar.teamSize) : '');
        b.style.left = pct(bar.start) + '%';
        b.style.width = Math.max(1.2, pct(bar.end) - pct(bar.start)) + '%';
        b.draggable = !bar.pinned;
        b.addEventListener('dragstart', e => { e.dataTransfer.setData('text/plain', bar.requestId + ':' + (bar.member || 1)); });
        b.addEventListener('click', () => select({ tech: row.technicianId, request: bar.requestId, member: bar.member || 1 }));
        line.appendChild(b);
      });
      line.addEventListener('dragover', e => { e.preventDefault(); line.classList.add('drop'); });
      line.addEventListener('dragleave', () => line.classList.remove('drop'));
      line.addEventListener('drop', e => {
        e.preventDefault();
        line.classList.remove('drop');
        const [requestId, member] = e.dataTransfer.getData('text/plain').split(':').map(Number);
        const dragged = barOf(requestId, member || 1) || day.unplanned.filter(u => u.requestId === requestId
          && (u.member || 1) === (member || 1)).map(u => ({ teamSize: u.teamSize, start: u.teamStart }))[0];
        const rect = line.getBoundingClientRect();
        const at = dragged && dragged.teamSize > 1 ? minutes(dragged.start)
          : START + (END - START) * (e.clientX - rect.left) / rect.width;
        checkMove(requestId, row.technicianId, positionIn(row, requestId, member || 1, at), member || 1);
      });
      wrap.append(who, line);
      rows.appendChild(wrap);
    });
  }

  async function checkMove(requestId, technicianId, position, member) {
    const body = { date: $('date').value, requestId, technicianId, position, member: member || 1, apply: false };
    showCheck('/api/board/move', body, await call('POST', '/api/board/move', body));
  }

  // a whole team's visit: every member to the technicians picked, at the start picked (one check, one move)
  async function checkTeamMove(requestId, start, technicianIds) {
    const body = { date: $('date').value, requestId, start, technicianIds, apply: false };
    showCheck('/api/board/move-team', body, await call('POST', '/api/board/move-team', body));
  }

  // the check's answer: allowed (with a button that applies the same body) or the broken rules in words
  function showCheck(path, body, r) {
    const box = $('check');
    box.innerHTML = '';
    box.hidden = false;
    if (r.status !== 200) {
      box.appendChild(el('p', 'violation', (r.json && r.json.detail) || String(r.status)));
      (r.json && r.json.errors || []).forEach(e => box.appendChild(el('p', 'violation', e.field + ': ' + e.message)));
      return;
    }
    if (r.json.allowed) {
      box.appendChild(el('p', 'ok', t('allowed') + (r.json.arrival ? ' (' + r.json.arrival + ')' : '')));
      const ok = el('button', 'apply', t('move'));
      ok.type = 'button';
      ok.addEventListener('click', async () => {
        const a = await call('POST', path, Object.assign({}, body, { apply: true }));
        box.hidden = true;
        if (a.status === 200) load();
      });
      box.appendChild(ok);
    } else {
      box.appendChild(el('p', 'violation', t('broken')));
      const ul = el('ul');
      (r.json.explained || r.json.violations).forEach(v => ul.appendChild(el('li', 'violation', v)));
      box.appendChild(ul);
    }
    const cancel = el('button', 'cancel', t('cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', () => { box.hidden = true; });
    box.appendChild(cancel);
  }

  async function select(s) {
    selected = s;
    renderRows();
    renderMap();
    const card = $('card');
    if (!s.request && s.tech) { absenceCard(card, s.tech); return; }
    if (!s.request) { card.hidden = true; return; }
    const bar = barOf(s.request, s.member || 1) || day.rows.flatMap(r => r.bars).find(b => b.requestId === s.request);
    // a team's visit on no route (left out whole): placed again whole from its card, at its start
    const out = bar ? null : day.unplanned.find(u => u.requestId === s.request && u.teamSize > 1);
    const r = await call('GET', '/api/requests/' + s.request);
    card.innerHTML = '';
    card.hidden = false;
    card.appendChild(el('h3', null, bar ? bar.label : out ? out.label : String(s.request)));
    if (r.status === 200) {
      card.appendChild(el('p', null, r.json.status + ' · ' + r.json.customerName + ' · ' + (r.json.deadline || '')));
    }
    if (bar) {
      card.appendChild(el('p', null, bar.start + '–' + bar.end + (bar.window ? ' [' + bar.window + ']' : '')));
      if (bar.teamSize > 1) { replaceControl(card, bar, s.tech); teamMoveControl(card, bar); }
    }
    if (out) {
      card.appendChild(el('p', 'team', t('team', out.teamSize) + ' · ' + (out.teamStart || '')));
      teamMoveControl(card, { requestId: out.requestId, start: out.teamStart || '09:00', teamSize: out.teamSize });
    }
    if (bar && (bar.member || 1) === 1) {
      const pin = el('button', 'pin', bar.pinned ? t('unpin') : t('pin'));
      pin.type = 'button';
      pin.addEventListener('click', async () => {
        const p = await call('POST', '/api/board/pin', { requestId: s.request, pinned: !bar.pinned });
        if (p.status === 204) { await load(); select(s); }
      });
      card.appendChild(pin);
    }
    const h = await call('GET', '/api/requests/' + s.request + '/history');
    if (h.status === 200) {
      card.appendChild(el('h4', null, t('history')));
      const ul = el('ul');
      h.json.forEach(x => {
        const li = el('li', null, (x.from || '') + ' → ' + x.to + ' · ' + x.changedByName);
        if (x.note) li.appendChild(el('div', 'note', x.note));
        ul.appendChild(li);
      });
      card.appendChild(ul);
    }
    const c = await call('GET', '/api/requests/' + s.request + '/comments');
    if (c.status === 200 && c.json.length) {
      card.appendChild(el('h4', null, t('comments')));
      const ul = el('ul');
      c.json.forEach(x => ul.appendChild(el('li', null, x.authorName + ': ' + x.body)));
      card.appendChild(ul);
    }
  }

  // a team's visit: who works on it, and a control that puts another technician in this member's place (the same
  // check as a drag onto that technician's row at the team's common start; usable without a mouse, e.g. on a tablet)
  function replaceControl(card, bar, tech) {
    const names = day.rows.filter(r => r.bars.some(b => b.requestId === bar.requestId)).map(r => r.name);
    card.appendChild(el('p', 'team', t('team', bar.teamSize) + ': ' + names.join(', ') + ' · ' + t('member', bar.member || 1, bar.teamSize)));
    const box = el('div', 'row replace');
    const label = el('label', 'inline');
    label.appendChild(el('span', null, t('replace')));
    const pick = el('select');
    pick.id = 'replaceWith';
    day.rows.filter(r => r.technicianId !== tech).forEach(r => {
      const o = el('option', null, r.name);
      o.value = r.technicianId;
      pick.appendChild(o);
    });
    label.appendChild(pick);
    const go = el('button', 'replace', t('check'));
    go.type = 'button';
    go.addEventListener('click', () => {
      const row = day.rows.find(r => r.technicianId === Number(pick.value));
      if (row) checkMove(bar.requestId, row.technicianId, positionIn(row, bar.requestId, bar.member || 1, minutes(bar.start)), bar.member || 1);
    });
    box.append(label, go);
    card.appendChild(box);
  }

  // a technician's card: mark them absent on the day (their stops come off; a replan proposal appears above the board)
  function absenceCard(card, tech) {
    const row = day.rows.find(r => r.technicianId === tech);
    card.innerHTML = '';
    card.hidden = false;
    card.appendChild(el('h3', null, row ? row.name : String(tech)));
    const box = el('div', 'row absence');
    const label = el('label', 'inline');
    label.appendChild(el('span', null, t('absentReason')));
    const reason = el('input');
    reason.id = 'absentReason';
    reason.maxLength = 500;
    label.appendChild(reason);
    const go = el('button', 'absent', t('absent'));
    go.type = 'button';
    const status = el('p', 'status');
    status.setAttribute('role', 'status');
    go.addEventListener('click', async () => {
      const r = await call('PUT', '/api/absences/' + tech + '/' + $('date').value, { reason: reason.value });
      if (r.status === 200) {
        await load();
        $('progress').textContent = t('absentMarked', row ? row.name : tech);
        card.hidden = true;
      } else {
        status.textContent = (r.json && (r.json.errors || []).map(e => e.message).join('; ')) || (r.json && r.json.detail) || String(r.status);
        status.className = 'status violation';
      }
    });
    box.append(label, go);
    card.append(box, status);
  }

  // a team's visit moved whole: a start and one technician per member (member 1's first), checked in one go
  function teamMoveControl(card, bar) {
    const box = el('fieldset', 'team-move');
    box.appendChild(el('legend', null, t('moveTeam')));
    const startLabel = el('label', 'inline');
    startLabel.appendChild(el('span', null, t('teamStart')));
    const start = el('input');
    start.type = 'time';
    start.id = 'teamStart';
    start.value = bar.start;
    startLabel.appendChild(start);
    box.appendChild(startLabel);
    const picks = [];
    for (let k = 1; k <= bar.teamSize; k++) {
      const holder = day.rows.find(r => r.bars.some(b => b.requestId === bar.requestId && (b.member || 1) === k));
      const label = el('label', 'inline');
      label.appendChild(el('span', null, t('teamMember', k)));
      const pick = el('select');
      pick.id = 'teamTech' + k;
      day.rows.forEach((r, i) => {
        const o = el('option', null, r.name);
        o.value = r.technicianId;
        // the member's technician now; for a team on no route, a different row per member to start from
        if (holder ? holder.technicianId === r.technicianId : i === (k - 1) % day.rows.length) o.selected = true;
        pick.appendChild(o);
      });
      label.appendChild(pick);
      box.appendChild(label);
      picks.push(pick);
    }
    const go = el('button', 'team-move', t('check'));
    go.type = 'button';
    go.addEventListener('click', () => checkTeamMove(bar.requestId, start.value, picks.map(p => Number(p.value))));
    box.appendChild(go);
    card.appendChild(box);
  }

  // ---- replan proposals (made when a technician is marked absent): the changes in words, apply or discard ----------
  async function loadReplan() {
    const r = await call('GET', '/api/replan/proposals?date=' + $('date').value);
    const panel = $('replanBox');
    const list = $('replan');
    list.innerHTML = '';
    if (r.status !== 200 || !r.json.length) { panel.hidden = true; return; }
    panel.hidden = false;
    r.json.forEach(p => {
      const item = el('div', 'proposal');
      item.dataset.proposal = p.id;
      item.appendChild(el('p', null, p.cause && p.cause !== 'absence' && p.reason ? p.reason : t('replanAfter', p.technicianName)));
      const ul = el('ul');
      if (!p.words.length) ul.appendChild(el('li', null, t('replanNone')));
      p.words.forEach(w => ul.appendChild(el('li', 'change', w)));
      item.appendChild(ul);
      const status = el('p', 'status');
      status.setAttribute('role', 'status');
      [['apply', 'replanApply'], ['discard', 'replanDiscard']].forEach(([what, text]) => {
        const b = el('button', 'replan-' + what, t(text));
        b.type = 'button';
        b.addEventListener('click', async () => {
          const a = await call('POST', '/api/replan/proposals/' + p.id + '/' + what);
          if (a.status === 200 || a.status === 204) {
            await load();
            $('progress').textContent = t(what === 'apply' ? 'replanApplied' : 'replanDiscarded');
          } else {
            status.textContent = (a.json && a.json.detail) || String(a.status);
            status.className = 'status violation';
          }
        });
        item.appendChild(b);
      });
      item.appendChild(status);
      list.appendChild(item);
    });
  }

  function renderMap() {
    const svg = $('map');
    const pts = [];
    day.zones.forEach(z => z.rings.forEach(r => r.forEach(p => pts.push(p))));
    day.rows.forEach(r => { r.path.forEach(p => pts.push(p)); pts.push([r.homeLat, r.homeLon]); });
    if (!pts.length) { svg.innerHTML = ''; return; }
    const lat0 = Math.min(...pts.map(p => p[0])), lat1 = Math.max(...pts.map(p => p[0]));
    const lon0 = Math.min(...pts.map(p => p[1])), lon1 = Math.max(...pts.map(p => p[1]));
    const k = Math.cos((lat0 + lat1) / 2 * Math.PI / 180);
    const s = Math.min(560 / Math.max(1e-6, (lon1 - lon0) * k), 380 / Math.max(1e-6, lat1 - lat0));
    const x = lon => 20 + (lon - lon0) * k * s, y = lat => 400 - (lat - lat0) * s;
    const parts = [];
    day.zones.forEach(z => z.rings.forEach(r => parts.push('<polygon class="zone" points="' + r.map(p => x(p[1]).toFixed(1) + ','
      + y(p[0]).toFixed(1)).join(' ') + '" fill="#e6eef7" stroke="#5b7fa6" stroke-dasharray="6 4"/>')));
    day.rows.forEach((r, i) => {
      const dim = selected && selected.tech !== r.technicianId;
      const color = COLORS[i % COLORS.length];
      if (r.path.length > 1) {
        parts.push('<polyline class="route" data-technician="' + r.technicianId + '" points="' + r.path.map(p => x(p[1]).toFixed(1) + ','
          + y(p[0]).toFixed(1)).join(' ') + '" fill="none" stroke="' + color + '" stroke-width="' + (dim ? 1 : 3)
          + '" opacity="' + (dim ? 0.3 : 1) + '"/>');
      }
      r.bars.forEach((b, n) => parts.push('<g class="stop" data-request="' + b.requestId + '" opacity="' + (dim ? 0.35 : 1)
        + '"><circle cx="' + x(b.lon).toFixed(1) + '" cy="' + y(b.lat).toFixed(1) + '" r="' + (selected && selected.request === b.requestId ? 9 : 7)
        + '" fill="' + color + '" stroke="#fff"/><text x="' + x(b.lon).toFixed(1) + '" y="' + (y(b.lat) + 3.5).toFixed(1)
        + '" font-size="9" text-anchor="middle" fill="#fff">' + (n + 1) + '</text></g>'));
    });
    svg.innerHTML = parts.join('');
    svg.querySelectorAll('g.stop').forEach(g => g.addEventListener('click', () => {
      const id = Number(g.dataset.request);
      const row = day.rows.find(r => r.bars.some(b => b.requestId === id));
      select({ tech: row && row.technicianId, request: id });
    }));
    renderBaseMap();
  }

  // the street map (fieldplan-map.js) over the same data; the SVG above stays as the fallback without it
  let baseMap = null, baseMapFitted = false;
  function renderBaseMap() {
    if (!window.FieldPlanMap || !$('basemap')) return;
    const data = FieldPlanMap.boardOverlays(day, COLORS, selected);
    if (!baseMap) {
      baseMap = FieldPlanMap.mount($('basemap')).then(m => {
        $('map').hidden = true;
        m.onStopClick(p => {
          const row = day.rows.find(r => r.bars.some(b => b.requestId === p.requestId));
          select({ tech: row && row.technicianId, request: p.requestId });
        });
        return m;
      });
    }
    baseMap.then(m => {
      m.setZones(data.zones); m.setRoutes(data.routes); m.setStops(data.stops);
      if (!baseMapFitted) { m.fit(data.zones, data.routes, data.stops); baseMapFitted = true; }
    });
  }

  function renderUnplanned() {
    const ul = $('unplanned');
    ul.innerHTML = '';
    day.unplanned.forEach(u => {
      const team = u.teamSize > 1 ? ' (' + t('member', u.member, u.teamSize) + ', ' + u.teamStart + ')' : '';
      const li = el('li', null, u.label + team + ': ' + (u.reasons.join('; ') || '—'));
      li.dataset.request = u.requestId;
      li.dataset.member = u.member || 1;
      // onto a technician's row like a bar (a team member at the team's start): the same check first
      li.draggable = u.lat !== 0 || u.lon !== 0;
      li.addEventListener('dragstart', e => { e.dataTransfer.setData('text/plain', u.requestId + ':' + (u.member || 1)); });
      // a team left out whole opens its card, where the whole team can be placed in one action
      if (u.teamSize > 1 && (u.member || 1) === 1) li.addEventListener('click', () => select({ request: u.requestId }));
      ul.appendChild(li);
    });
  }

  function fillZones() {
    [$('freeZone'), $('reqZone')].forEach((s, i) => {
      if (s.options.length > (i === 1 ? 1 : 0)) return;
      day.zones.forEach(z => { const o = el('option', null, z.name); o.value = z.id; s.appendChild(o); });
    });
  }

  $('freeFind').addEventListener('click', async () => {
    const r = await call('GET', '/api/board/free?date=' + $('date').value + '&zoneId=' + $('freeZone').value + '&from='
      + $('freeFrom').value + '&to=' + $('freeTo').value);
    const ul = $('freeList');
    ul.innerHTML = '';
    if (r.status !== 200) { ul.appendChild(el('li', 'violation', (r.json && r.json.detail) || r.status)); return; }
    if (!r.json.length) ul.appendChild(el('li', null, t('noneFree')));
    r.json.forEach(f => ul.appendChild(el('li', null, f.name + ' · ' + f.works + ' · ' + f.visits)));
  });

  $('reqFind').addEventListener('click', async () => {
    const q = [];
    if ($('reqStatus').value) q.push('status=' + $('reqStatus').value);
    if ($('reqZone').value) q.push('zoneId=' + $('reqZone').value);
    const r = await call('GET', '/api/requests?' + q.join('&'));
    const ul = $('reqList');
    ul.innerHTML = '';
    if (r.status !== 200) return;
    const today = (document.querySelector('meta[name="fp-today"]') || {}).content || new Date().toISOString().slice(0, 10);
    r.json.filter(x => !$('reqOverdue').checked || x.deadline.slice(0, 10) < today).forEach(x => {
      const li = el('li', null, x.registrationNumber + ' · ' + (TEXT['status.' + x.status] || x.status) + ' · ' + x.addressLine);
      li.addEventListener('click', () => select({ request: x.id }));
      ul.appendChild(li);
    });
  });

  // ---- planning jobs --------------------------------------------------------------------------------------------
  $('run').addEventListener('click', async () => {
    const d = $('date').value;
    const r = await call('POST', '/api/plan-jobs', { from: d, to: d, zoneIds: [], seconds: parseInt($('seconds').value, 10) || 20 });
    if (r.status !== 201) { $('progress').textContent = (r.json && r.json.detail) || r.status; return; }
    job = r.json;
    follow(job.id);
  });
  function follow(id) {
    $('stop').disabled = false;
    $('publish').disabled = true;
    $('progress').textContent = t('solving');
    if (source) source.close();
    source = new EventSource('/api/plan-jobs/' + id + '/events', { withCredentials: true });
    source.addEventListener('progress', e => { $('progress').textContent = progressText(JSON.parse(e.data)); });
    source.addEventListener('status', e => {
      const p = JSON.parse(e.data);
      $('progress').textContent = progressText(p);
      $('stop').disabled = true;
      $('publish').disabled = !(p.status === 'finished' || p.status === 'stopped');
      source.close();
    });
  }
  $('stop').addEventListener('click', async () => { if (job) await call('POST', '/api/plan-jobs/' + job.id + '/stop'); });
  $('publish').addEventListener('click', async () => {
    if (!job) return;
    const r = await call('POST', '/api/plan-jobs/' + job.id + '/publish');
    $('publish').disabled = true;
    await load(); // the published routes are on the board before saying so
    $('progress').textContent = r.status === 200 ? t('published') : ((r.json && r.json.detail) || r.status);
  });

  $('date').addEventListener('change', load);
  $('date').value = new URLSearchParams(location.search).get('date')
    || (document.querySelector('meta[name="fp-today"]') || {}).content || new Date().toISOString().slice(0, 10); // the service's today
  applyLang();
  load();
})();
