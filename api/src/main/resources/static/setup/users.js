// Users (/setup/users): the sign-in accounts; create one, change its name, e-mail and staff roles, disable it, set a
// new password; invite a customer's contact person (their own cabinet sign-in, a one-time link by e-mail or SMS) and
// disable one. Changes send If-Match with the version the list showed; the server's field problems show by the fields.
import { api, t, el, showProblem, clearProblems } from '/assets/fp.js';
import { checkedValues, customerPicker } from '/setup/setup.js';

const $ = id => document.getElementById(id);
const STAFF_ROLES = ['administrator', 'director', 'head_of_department', 'dispatcher'];
let users = [], chosen = null;

const roleBoxes = (roles, disabled) => roles.map(r => el('label', { class: 'check' },
  el('input', { type: 'checkbox', name: 'roles', value: r, disabled }), ' ' + t('role.' + r)));

async function load() {
  const response = await api('GET', '/api/users');
  if (!response.ok) { showProblem($('listError').parentElement, response.json, response.status); return; }
  users = response.json;
  $('userList').querySelector('tbody').replaceChildren(...users.map(u => el('tr', { dataset: { user: u.id },
    'aria-selected': String(Boolean(chosen) && chosen.id === u.id) },
    el('td', {}, u.username), el('td', {}, u.displayName), el('td', { class: 'roles' }, u.roles.map(r => t('role.' + r)).join(', ')),
    el('td', { class: 'customer' }, u.customerName || ''),
    el('td', { class: 'enabled' }, u.enabled ? t('setup.yes') : t('setup.no')),
    el('td', {}, el('button', { type: 'button', class: 'edit', onclick: () => open(u.id) }, t('setup.edit')),
      u.customerId != null && u.enabled
        ? el('button', { type: 'button', class: 'disable', onclick: () => disable(u) }, t('setup.users.disable')) : ''))));
}

/** A customer's contact person may no longer sign in (If-Match with the version the list showed). */
async function disable(u) {
  const response = await api('PATCH', '/api/users/' + u.id, { enabled: false }, { 'If-Match': '"' + u.version + '"' });
  if (!response.ok) { showProblem($('listError').parentElement, response.json, response.status); return; }
  $('listError').textContent = '';
  await load();
  if (chosen && chosen.id === u.id) open(u.id);
}

function open(id) {
  const u = users.find(x => x.id === id);
  if (!u) return;
  chosen = u;
  [$('userForm'), $('passwordForm')].forEach(f => { f.hidden = false; clearProblems(f); });
  $('saved').textContent = '';
  $('passwordSet').textContent = '';
  $('userTitle').textContent = u.username;
  $('displayName').value = u.displayName;
  $('email').value = u.email || '';
  $('enabled').checked = u.enabled;
  $('password').value = '';
  const linked = u.roles.filter(r => !STAFF_ROLES.includes(r));
  $('roles').replaceChildren(...roleBoxes(STAFF_ROLES, false), ...roleBoxes(linked, true));
  $('roles').querySelectorAll('input').forEach(b => { b.checked = u.roles.includes(b.value); });
  document.querySelectorAll('#userList tr[data-user]').forEach(tr => tr.setAttribute('aria-selected', String(tr.dataset.user === String(id))));
}

$('userForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('userForm');
  const body = { displayName: $('displayName').value, email: $('email').value || null, enabled: $('enabled').checked,
    roles: [...form.querySelectorAll('input[name=roles]:checked:not(:disabled)')].map(b => b.value) };
  const response = await api('PATCH', '/api/users/' + chosen.id, body, { 'If-Match': '"' + chosen.version + '"' });
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  await load();
  open(response.json.id);
  $('saved').textContent = t('setup.saved');
});

$('passwordForm').addEventListener('submit', async e => {
  e.preventDefault();
  const response = await api('PUT', '/api/users/' + chosen.id + '/password', { password: $('password').value });
  if (!response.ok) { showProblem($('passwordForm'), response.json, response.status); return; }
  clearProblems($('passwordForm'));
  $('password').value = '';
  $('passwordSet').textContent = t('setup.users.passwordSet');
});

$('newUserForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('newUserForm');
  const body = { username: $('nUsername').value, password: $('nPassword').value, displayName: $('nDisplayName').value || null,
    email: $('nEmail').value || null, roles: checkedValues(form, 'roles') };
  const response = await api('POST', '/api/users', body);
  if (!response.ok) { showProblem(form, response.json, response.status); $('created').textContent = ''; return; }
  clearProblems(form);
  form.reset();
  $('created').textContent = t('setup.users.created', response.json.username);
  await load();
});

const reloadCustomers = customerPicker($('iCustomerQ'), $('iCustomer'));

$('inviteForm').addEventListener('submit', async e => {
  e.preventDefault();
  const form = $('inviteForm');
  $('invited').textContent = '';
  if (!$('iCustomer').value) {
    showProblem(form, { errors: [{ field: 'customerId', reason: t('setup.users.chooseCustomerFirst') }] }, 400);
    return;
  }
  const body = { name: $('iName').value, email: $('iEmail').value || null, phone: $('iPhone').value || null, lang: $('iLang').value };
  const response = await api('POST', '/api/customers/' + $('iCustomer').value + '/invitations', body);
  if (!response.ok) { showProblem(form, response.json, response.status); return; }
  clearProblems(form);
  ['iName', 'iEmail', 'iPhone'].forEach(id => { $(id).value = ''; });
  $('invited').textContent = t('setup.users.invited', response.json.sentTo);
  await load();
});

(async function start() {
  await reloadCustomers();
  $('nRoles').replaceChildren(...roleBoxes(STAFF_ROLES, false));
  await load();
  document.body.dataset.ready = 'true';
})();
