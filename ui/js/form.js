// The form: fills inputs from an application, writes every edit back into it,
// and draws the channel and person rows.

import { h, clear } from './dom.js';
import { fieldId, getAt, setAt } from './paths.js';

/** The platforms of field 2, as the core's model codes them (model.rs Platform). */
export const PLATFORMS = [
  ['facebook', 'Facebook'],
  ['instagram', 'Instagram'],
  ['x', 'X'],
  ['linkedin', 'LinkedIn'],
  ['youtube', 'YouTube'],
  ['tiktok', 'TikTok'],
  ['blogg', 'Blogg'],
  ['annat', 'Annat'],
];

const HANDLE_PLATFORMS = new Set(['instagram', 'x', 'tiktok']);

const PERSON_LISTS = {
  responsible: { rows: 'responsible-rows', who: 'ansvarig', add: 'add-responsible' },
  operators: { rows: 'operators-rows', who: 'person som sköter det praktiska', add: 'add-operator' },
};

export class FormView {
  /**
   * @param {HTMLFormElement} form
   * @param {{onEdit: Function, onRowsChanged: Function, onLeave: Function}} hooks
   *   onEdit(path) after any typed change; onRowsChanged() after a row is added or
   *   removed; onLeave(path) when focus leaves a field.
   */
  constructor(form, hooks) {
    this.form = form;
    this.hooks = hooks;
    this.app = null;
    this.readOnly = false;

    form.addEventListener('input', (e) => this.onInput(e));
    form.addEventListener('change', (e) => this.onInput(e));
    form.addEventListener('focusout', (e) => {
      const path = e.target?.dataset?.path;
      if (path) this.hooks.onLeave(path);
    });
    document.getElementById('add-channel').addEventListener('click', () => this.addRow('channels'));
    for (const list of Object.keys(PERSON_LISTS)) {
      document.getElementById(PERSON_LISTS[list].add).addEventListener('click', () => this.addRow(list));
    }
  }

  /** Shows `app` (the object is kept and edited in place). */
  load(app) {
    this.app = app;
    for (const el of this.form.querySelectorAll('[data-path]')) {
      if (el.closest('.rows')) continue;
      this.fill(el);
    }
    this.renderRows();
  }

  fill(el) {
    const value = getAt(this.app, el.dataset.path);
    if (el.type === 'checkbox') el.checked = Boolean(value);
    else el.value = value ?? '';
  }

  onInput(e) {
    const el = e.target;
    const path = el?.dataset?.path;
    if (!path || !this.app) return;
    const value = el.type === 'checkbox' ? el.checked : el.value;
    if (getAt(this.app, path) === value) return;
    setAt(this.app, path, value);
    // Choosing a platform other than "Annat" drops the free name, as the model requires.
    const m = /^channels\[(\d+)\]\.platform$/.exec(path);
    if (m) {
      const row = this.app.channels[Number(m[1])];
      if (row.platform !== 'annat') row.platform_name = '';
      this.renderRows('channels', fieldId(path));
    }
    this.hooks.onEdit(path);
  }

  addRow(list) {
    if (!this.app) return;
    const blank = list === 'channels'
      ? { platform: '', platform_name: '', address: '' }
      : { name: '', phone: '', email: '' };
    this.app[list].push(blank);
    const i = this.app[list].length - 1;
    const first = list === 'channels' ? `channels[${i}].platform` : `${list}[${i}].name`;
    this.renderRows(list, fieldId(first));
    this.hooks.onRowsChanged();
  }

  removeRow(list, index) {
    const rows = this.app[list];
    if (rows.length <= 1) return;
    rows.splice(index, 1);
    // Focus goes to the row that moved up into this place, or the one above it.
    const next = Math.min(index, rows.length - 1);
    const first = list === 'channels' ? `channels[${next}].platform` : `${list}[${next}].name`;
    this.renderRows(list, fieldId(first));
    this.hooks.onRowsChanged();
  }

  /** Redraws one list (or all) and optionally focuses the element with `focusId`. */
  renderRows(only = null, focusId = null) {
    if (!only || only === 'channels') this.renderChannels();
    for (const list of Object.keys(PERSON_LISTS)) {
      if (!only || only === list) this.renderPeople(list);
    }
    this.setReadOnly(this.readOnly);
    if (focusId) document.getElementById(focusId)?.focus();
  }

  renderChannels() {
    const box = document.getElementById('channel-rows');
    clear(box);
    const rows = this.app.channels;
    rows.forEach((row, i) => {
      const base = `channels[${i}]`;
      const n = i + 1;
      const select = h('select', {
        id: fieldId(`${base}.platform`), 'data-path': `${base}.platform`,
      },
      h('option', { value: '' }, 'Välj…'),
      PLATFORMS.map(([code, label]) => h('option', { value: code }, label)));
      select.value = row.platform ?? '';
      if (select.value !== (row.platform ?? '')) {
        // A code this window does not know: keep it visible rather than lose it.
        select.append(h('option', { value: row.platform }, row.platform));
        select.value = row.platform;
      }
      const platformCell = h('div', { class: 'cell' },
        h('label', { class: 'sr-only', for: select.id }, `Socialt media, kanal ${n} (ex Facebook/Instagram)`),
        select);
      if (row.platform === 'annat') {
        const nameId = fieldId(`${base}.platform_name`);
        platformCell.append(
          h('label', { class: 'label-small', for: nameId }, 'Vilket socialt media?'),
          h('input', {
            id: nameId, 'data-path': `${base}.platform_name`, type: 'text',
            value: row.platform_name ?? '',
          }));
      }
      const addressId = fieldId(`${base}.address`);
      const hintId = `hint-${addressId}`;
      const address = h('input', {
        id: addressId, 'data-path': `${base}.address`, type: 'text', inputmode: 'url',
        autocomplete: 'url', spellcheck: 'false', value: row.address ?? '',
        placeholder: HANDLE_PLATFORMS.has(row.platform) ? 'https://… eller @namn' : 'https://…',
      });
      const remove = h('button', {
        type: 'button', class: 'button button-remove', 'aria-label': `Ta bort kanal ${n}`,
        disabled: rows.length <= 1, onclick: () => this.removeRow('channels', i),
      }, 'Ta bort');
      box.append(h('div', { class: 'row channel-grid', id: fieldId(base) },
        platformCell,
        h('div', { class: 'cell' },
          h('label', { class: 'sr-only', for: addressId }, `Ange adress, kanal ${n}`),
          address,
          HANDLE_PLATFORMS.has(row.platform)
            ? h('p', { class: 'hint hint-small', id: hintId }, 'Du kan skriva @namn; det blir en fullständig adress.')
            : null),
        h('div', { class: 'cell cell-actions' }, remove)));
      if (HANDLE_PLATFORMS.has(row.platform)) address.setAttribute('aria-describedby', hintId);
    });
  }

  renderPeople(list) {
    const spec = PERSON_LISTS[list];
    const box = document.getElementById(spec.rows);
    clear(box);
    const rows = this.app[list];
    rows.forEach((row, i) => {
      const base = `${list}[${i}]`;
      const n = i + 1;
      const input = (key, label, type, autocomplete) => {
        const id = fieldId(`${base}.${key}`);
        return h('div', { class: 'cell' },
          h('label', { class: 'sr-only', for: id }, `${label}, ${spec.who} ${n}`),
          h('input', {
            id, 'data-path': `${base}.${key}`, type, autocomplete,
            spellcheck: 'false', value: row[key] ?? '',
          }));
      };
      box.append(h('div', { class: 'row person-grid', id: fieldId(base) },
        input('name', 'Namn', 'text', 'off'),
        input('phone', 'Telefon', 'tel', 'off'),
        input('email', 'E-post', 'email', 'off'),
        h('div', { class: 'cell cell-actions' },
          h('button', {
            type: 'button', class: 'button button-remove', 'aria-label': `Ta bort ${spec.who} ${n}`,
            disabled: rows.length <= 1, onclick: () => this.removeRow(list, i),
          }, 'Ta bort'))));
    });
  }

  /**
   * Shows a signed application's phone numbers as `shown` (the responsible
   * people's first, then the operators'), without changing the application:
   * signing stores them as E.164, FORM.md shows them the Swedish way.
   */
  showPhones(shown) {
    if (!this.readOnly || !this.app) return;
    let k = 0;
    for (const list of Object.keys(PERSON_LISTS)) {
      this.app[list].forEach((_, i) => {
        const el = document.getElementById(fieldId(`${list}[${i}].phone`));
        const text = shown[k++];
        if (el) el.value = text;
      });
    }
  }

  /** A signed application is shown but cannot be edited. */
  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    for (const el of this.form.querySelectorAll('input, select, textarea, button.button-link')) {
      el.disabled = readOnly;
    }
    // The last row of a list stays: an empty row is where the user types.
    for (const [list, boxId] of [['channels', 'channel-rows'],
      ...Object.entries(PERSON_LISTS).map(([k, v]) => [k, v.rows])]) {
      const count = this.app ? this.app[list].length : 0;
      for (const b of document.getElementById(boxId).querySelectorAll('.button-remove')) {
        b.disabled = readOnly || count <= 1;
      }
    }
  }
}
