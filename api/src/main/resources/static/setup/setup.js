// What the set-up screens share: a zone's colour (the same on the map, in the lists and in the week grid), the
// people who may be responsible for a zone, and small helpers for selects and forms.
import { api, el } from '/assets/fp.js';

const PALETTE = ['#2f7bd1', '#d1495b', '#2b9348', '#f08a24', '#7b4fd1', '#0f9aa8', '#b5651d', '#c2368f', '#5a7d1a', '#4d5b6c'];

/** The colour of a zone, by its id (stable across pages). */
export const zoneColor = id => id == null ? '#6b7785' : PALETTE[Math.abs(Number(id)) % PALETTE.length];

/** An <option>. */
export const option = (value, text) => el('option', { value: String(value) }, text);

/** Fills a select with the users who may be responsible for a zone (dispatchers and administrators). */
export async function loadDispatchers(select) {
  const response = await api('GET', '/api/users');
  if (!response.ok) return [];
  const people = response.json.filter(u => u.enabled && (u.roles.includes('dispatcher') || u.roles.includes('administrator')));
  const first = select.querySelector('option[value=""]');
  select.replaceChildren(...(first ? [first] : []), ...people.map(u => option(u.id, u.displayName + ' (' + u.username + ')')));
  return people;
}

/** The values of the checked boxes named `name` inside `root`. */
export const checkedValues = (root, name) => [...root.querySelectorAll('input[name="' + name + '"]:checked')].map(b => b.value);

/** Checkbox labels for a list of {value, text}. */
export const checkboxes = (name, items) => items.map(item => el('label', { class: 'check' },
  el('input', { type: 'checkbox', name, value: item.value }), ' ' + item.text));

/** A date (yyyy-mm-dd) plus n days. */
export function addDays(iso, n) {
  const d = new Date(iso + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week of a date (yyyy-mm-dd). */
export function monday(iso) {
  const d = new Date(iso + 'T12:00:00Z');
  return addDays(iso, -((d.getUTCDay() + 6) % 7));
}

/**
 * A customer picker: a search box and a select filled with the customers the search finds (name, e-mail, phone; at
 * most 50, the chosen one kept). Returns a function that reloads it.
 */
export function customerPicker(search, select) {
  let timer = null;
  const first = select.querySelector('option[value=""]');
  async function reload() {
    const kept = select.value;
    const response = await api('GET', '/api/customers?limit=50' + (search.value.trim() ? '&q=' + encodeURIComponent(search.value.trim()) : ''));
    if (!response.ok) return;
    select.replaceChildren(...(first ? [first] : []), ...response.json.map(c => option(c.id,
      c.name + (c.email ? ' · ' + c.email : c.phone ? ' · ' + c.phone : ''))));
    if ([...select.options].some(o => o.value === kept)) select.value = kept;
    else if (response.json.length === 1) select.value = String(response.json[0].id);
  }
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(reload, 250); });
  return reload;
}
