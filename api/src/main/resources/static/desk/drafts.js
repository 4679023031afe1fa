// The desk's e-mail drafts (GET /api/inbox/drafts): each open draft with its sender, subject, time, text and files;
// "Complete" opens the intake form prefilled from it (/desk/new?draft=id), "Reject" asks for the reason and posts it
// (POST /api/inbox/drafts/{id}/reject: the draft's files are deleted with it).
import { api, t, el, fmtDateTime, showProblem, clearProblems, fileLinks } from '/assets/fp.js';

const list = document.getElementById('drafts');
const summary = document.getElementById('summary');

function count() {
  const n = list.querySelectorAll('article.draft').length;
  summary.textContent = n ? t('drafts.count', n) : t('drafts.none');
}

function card(d) {
  const reasonId = 'reason-' + d.id;
  const reason = el('textarea', { id: reasonId, rows: 2, maxlength: 2000, 'data-field': 'reason' });
  const box = el('div', { class: 'reject-box', hidden: true },
    el('label', { for: reasonId }, t('drafts.reason')), reason,
    el('p', { class: 'error', 'data-for': 'form' }),
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'confirm-reject danger', onclick: () => reject(d, article, box, reason) },
      t('drafts.rejectConfirm'))));
  const article = el('article', { class: 'card draft', dataset: { draft: d.id }, 'aria-labelledby': 'subject-' + d.id },
    el('h2', { id: 'subject-' + d.id, class: 'subject' }, d.subject || t('drafts.noSubject')),
    el('p', { class: 'hint from' }, t('drafts.from', d.from || '—', fmtDateTime(d.receivedAt))),
    el('p', { class: 'body', style: 'white-space: pre-wrap; overflow-wrap: anywhere' }, d.body || ''),
    d.files && d.files.length ? el('div', { class: 'attachments' }, el('h3', { style: 'font-size: 1rem' }, t('drafts.files')), fileLinks(d.files)) : null,
    d.note ? el('p', { class: 'notice note' }, d.note) : null,
    el('div', { class: 'actions' },
      el('a', { class: 'button primary complete', href: '/desk/new?draft=' + d.id }, t('drafts.complete')),
      el('button', { type: 'button', class: 'reject', 'aria-expanded': 'false',
        onclick: e => { box.hidden = !box.hidden; e.currentTarget.setAttribute('aria-expanded', String(!box.hidden)); if (!box.hidden) reason.focus(); } },
      t('drafts.reject'))),
    box);
  return article;
}

async function reject(d, article, box, reason) {
  const r = await api('POST', '/api/inbox/drafts/' + d.id + '/reject', { reason: reason.value.trim() || null });
  if (!r.ok) { showProblem(box, r.json, r.status); return; }
  clearProblems(box);
  article.remove();
  count();
  summary.textContent = t('drafts.rejected', d.subject || t('drafts.noSubject')) + ' ' + summary.textContent;
}

async function load() {
  const r = await api('GET', '/api/inbox/drafts');
  if (!r.ok) { showProblem(document.getElementById('main'), r.json, r.status); return; }
  list.innerHTML = '';
  r.json.forEach(d => list.append(card(d)));
  count();
}

load();
