// The desk navigation's "E-mail N": how many e-mail drafts wait (GET /api/inbox/drafts, already in the caller's scope).
import { api, t } from '/assets/fp.js';

const link = document.getElementById('drafts');
if (link) {
  api('GET', '/api/inbox/drafts').then(r => {
    if (!r.ok) { link.hidden = true; return; }
    link.textContent = t('drafts.link', r.json.length);
    link.dataset.count = String(r.json.length);
    link.classList.toggle('primary', r.json.length > 0);
  });
}
