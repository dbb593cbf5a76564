// Issue 16: "Politikers bloggar" in the register view. The registrar adds, changes
// and ends politicians' blog links (the guidelines' "Sociala medier - politik");
// the active ones go on the public list with the municipality's disclaimer. The
// core validates everything and logs every change; a refused field gets the
// core's Swedish message beside it. All data goes into the page as text nodes.

import { invoke } from './ipc.js';
import { h, clear, localDate } from './dom.js';
import { runDialog } from './dialog.js';

const $ = (id) => document.getElementById(id);

/** The seat that is not a committee. */
const COUNCIL = 'Kommunfullmäktige';

/** The core's field names → the add/edit dialog's inputs. */
const FORM_FIELDS = {
  name: 'politician-name',
  party: 'politician-party',
  seat: 'politician-seat',
  address: 'politician-address',
  from_date: 'politician-from',
};

/** The core's field names → the end dialog's inputs. */
const END_FIELDS = {
  date: 'politician-end-date',
  reason: 'politician-end-reason',
};

/** "Åsas", but "Mats" (Swedish adds no s after s, x or z). */
function genitive(name) {
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

/** Active links first, ended after; each group keeps the core's (natural Swedish) order. */
function inListOrder(links) {
  return [...links.filter((p) => !p.ended_on), ...links.filter((p) => p.ended_on)];
}

/** Clears the messages and marks of the inputs in `fields`. */
function clearErrors(fields, general) {
  for (const id of Object.values(fields)) {
    $(id).removeAttribute('aria-invalid');
    $(`error-${id}`).textContent = '';
  }
  $(general).textContent = '';
}

/**
 * Shows a refusal from the core: beside its field when it has one of `fields`,
 * else in the dialog's general line. Focuses the field.
 */
function showError(err, fields, general) {
  const id = fields[err.field];
  if (id) {
    $(`error-${id}`).textContent = err.message;
    const input = $(id);
    input.setAttribute('aria-invalid', 'true');
    if (input.disabled) input.disabled = false;
    input.focus();
  } else {
    $(general).textContent = err.message;
  }
}

export class PoliticiansPanel {
  constructor(onChange) {
    this.onChange = onChange;
    $('politician-add').addEventListener('click', () => this.edit(null));
    for (const radio of document.querySelectorAll('input[name="politician-seat-kind"]')) {
      radio.addEventListener('change', () => this.seatKindChanged());
    }
    for (const radio of document.querySelectorAll('input[name="politician-end-kind"]')) {
      radio.addEventListener('change', () => this.reasonKindChanged());
    }
  }

  async refresh() {
    try {
      this.render(await invoke('register_politicians'));
    } catch (err) {
      this.status(err.message, 'error');
    }
  }

  status(text, state) {
    const el = $('politician-status');
    el.textContent = text;
    el.dataset.state = state;
  }

  render(links) {
    const tbody = $('politician-rows');
    clear(tbody);
    if (!links.length) {
      tbody.append(h('tr', {}, h('td', { colspan: '7', class: 'empty' },
        'Inga bloggar ännu. Lägg till en politikers blogg med knappen ovan.')));
      return;
    }
    for (const p of inListOrder(links)) {
      const ended = Boolean(p.ended_on);
      const actions = ended
        ? h('span', { class: 'closed-reason' }, p.end_reason || '')
        : h('div', { class: 'row-actions' },
          h('button', {
            type: 'button', class: 'button button-small',
            'aria-label': `Ändra ${p.name}, ${p.party}`,
            onclick: () => this.edit(p),
          }, 'Ändra…'),
          h('button', {
            type: 'button', class: 'button button-small button-small-danger',
            'aria-label': `Avsluta ${p.name}, ${p.party}`,
            onclick: () => this.end(p),
          }, 'Avsluta…'));
      tbody.append(h('tr', { class: ended ? 'is-closed' : null, 'data-id': String(p.id) },
        h('td', {}, p.name),
        h('td', {}, p.party),
        h('td', {}, p.seat),
        h('td', { class: 'address' }, p.address),
        h('td', { class: 'date' }, p.from_date),
        h('td', {}, h('span', { class: `badge badge-${ended ? 'avslutad' : 'aktiv'}` },
          ended ? 'Avslutad' : 'Visas'),
        ended ? h('div', { class: 'status-date' }, p.ended_on) : null),
        h('td', {}, actions)));
    }
  }

  /**
   * The committee's name is typed only when "En nämnd" is chosen. Focus stays on
   * the choice (WCAG 3.2.2): the name is the next field with Tab.
   */
  seatKindChanged() {
    $('politician-seat').disabled = !$('politician-seat-committee').checked;
  }

  seatValue() {
    return $('politician-seat-council').checked ? COUNCIL : $('politician-seat').value;
  }

  /** "Lägg till blogg…" (`link` null) or "Ändra…" (`link` the row). */
  async edit(link) {
    const fields = FORM_FIELDS;
    clearErrors(fields, 'politician-error');
    $('politician-dialog-title').textContent = link
      ? `Ändra ${genitive(link.name)} blogg` : 'Lägg till politikers blogg';
    $('politician-save').textContent = link ? 'Spara ändringen' : 'Lägg till';
    $('politician-name').value = link?.name ?? '';
    $('politician-party').value = link?.party ?? '';
    $('politician-address').value = link?.address ?? '';
    $('politician-from').value = link?.from_date ?? localDate();
    const council = !link || link.seat === COUNCIL;
    $('politician-seat-council').checked = council;
    $('politician-seat-committee').checked = !council;
    $('politician-seat').value = council ? '' : link.seat;
    this.seatKindChanged();
    const done = await runDialog($('politician-dialog'), $('politician-form'),
      $('politician-cancel'), async () => {
        clearErrors(fields, 'politician-error');
        const input = {
          name: $('politician-name').value,
          party: $('politician-party').value,
          seat: this.seatValue(),
          address: $('politician-address').value,
          from_date: $('politician-from').value,
        };
        try {
          return link
            ? await invoke('register_politician_edit', { id: link.id, input })
            : await invoke('register_politician_add', { input });
        } catch (err) {
          showError(err, fields, 'politician-error');
          return null;
        }
      });
    if (!done) return;
    await this.changed(link
      ? `Bloggen för ${done.name} är ändrad.`
      : `${genitive(done.name)} blogg är tillagd och visas i webblistan nästa gång den exporteras.`);
  }

  /** "Annan anledning" asks for the reason in words (the next field with Tab). */
  reasonKindChanged() {
    $('politician-end-reason').disabled = !$('politician-end-other').checked;
  }

  reasonValue() {
    const chosen = document.querySelector('input[name="politician-end-kind"]:checked');
    if (!chosen) return '';
    return chosen.value || $('politician-end-reason').value;
  }

  /** "Avsluta…": the last day and why. The row stays, marked as ended. */
  async end(link) {
    const fields = END_FIELDS;
    clearErrors(fields, 'politician-end-error');
    $('politician-end-text').textContent =
      `${link.name} (${link.party}), ${link.address}. Länken tas bort från webblistan men finns kvar här, markerad som avslutad.`;
    $('politician-end-date').value = localDate();
    for (const radio of document.querySelectorAll('input[name="politician-end-kind"]')) {
      radio.checked = false;
    }
    $('politician-end-reason').value = '';
    this.reasonKindChanged();
    const done = await runDialog($('politician-end-dialog'), $('politician-end-form'),
      $('politician-end-cancel'), async () => {
        clearErrors(fields, 'politician-end-error');
        try {
          return await invoke('register_politician_end', {
            id: link.id, date: $('politician-end-date').value, reason: this.reasonValue(),
          });
        } catch (err) {
          if (err.field === 'reason' && !$('politician-end-other').checked) {
            // Nothing chosen yet: the message belongs to the choice, not the text box.
            $('error-politician-end-reason').textContent = err.message;
            $('politician-end-seat').focus();
          } else {
            showError(err, fields, 'politician-end-error');
          }
          return null;
        }
      });
    if (!done) return;
    await this.changed(`${genitive(done.name)} blogg är avslutad ${done.ended_on}.`);
  }

  async changed(message) {
    await this.refresh();
    this.status(message, 'done');
    $('politician-status').focus();
    await this.onChange();
  }
}
