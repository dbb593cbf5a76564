// "Mina ansökningar": every stored application, newest first, to open, copy or delete.

import { h, clear, shortDateTime } from './dom.js';

const STATUS_LABEL = { utkast: 'Utkast', signerad: 'Signerad' };

/**
 * @param {Array} items ApplicationSummary list from list_applications
 * @param {{id: string, version: number}|null} current the open application
 * @param {{open: Function, duplicate: Function, remove: Function}} actions
 */
export function renderList(items, current, actions) {
  const ul = document.getElementById('app-list');
  clear(ul);
  if (items.length === 0) {
    ul.append(h('li', { class: 'app-empty' }, 'Inga sparade ansökningar ännu.'));
    return;
  }
  for (const item of items) {
    const isCurrent = current && current.id === item.id && current.version === item.version;
    const title = item.unit && item.unit.trim() ? item.unit : 'Namnlös ansökan';
    const status = STATUS_LABEL[item.status] || item.status;
    const when = shortDateTime(item.status === 'signerad' ? item.signed_at : item.updated_at);
    const label = `${title}, ${status.toLowerCase()}, version ${item.version}`;
    ul.append(h('li', { class: `app-item${isCurrent ? ' is-current' : ''}` },
      h('button', {
        // Its visible text (title, status, version, time) is its name, as
        // speech input users see it (WCAG 2.5.3).
        type: 'button', class: 'app-open', 'aria-current': isCurrent ? 'true' : null,
        onclick: () => actions.open(item),
      },
      h('span', { class: 'app-title' }, title),
      h('span', { class: 'app-meta' },
        h('span', { class: `badge badge-${item.status}` }, status),
        ` v${item.version} · ${when}`),
      // Issue 13: handed over as a file.
      item.received_from
        ? h('span', { class: 'app-handover' },
          `Mottagen ${shortDateTime(item.received_at)} från ${item.received_from}`)
        : null,
      item.sent_for_approval_at && item.status === 'utkast'
        ? h('span', { class: 'app-handover' },
          `Skickad för godkännande ${shortDateTime(item.sent_for_approval_at)}`)
        : null),
      h('div', { class: 'app-actions' },
        h('button', {
          type: 'button', class: 'button button-small', 'aria-label': `Kopiera ${label}`,
          onclick: () => actions.duplicate(item),
        }, 'Kopiera'),
        item.status === 'utkast'
          ? h('button', {
            type: 'button', class: 'button button-small button-small-danger',
            'aria-label': `Ta bort ${label}`, onclick: () => actions.remove(item),
          }, 'Ta bort')
          : null)));
  }
}

/** Asks with the modal <dialog>; resolves true only when the user chose "Ta bort". */
export function confirmDelete(title) {
  const dialog = document.getElementById('confirm-delete');
  document.getElementById('confirm-delete-text').textContent =
    `Utkastet ”${title}” tas bort för gott. Det går inte att ångra.`;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'delete'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
  });
}
