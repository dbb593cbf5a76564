// "Anmäl att kanalen avslutas…" (issue 16): the unit's closure notice for a signed
// application. The guidelines: "Om närvaron i det sociala mediet avslutas ska det
// meddelas kommuns kommunikatör." The notice is filled in from the application
// (notice_draft), checked and sealed in Rust (save_notice_pdf, every problem at
// once, as "Signera"), and saved as a PDF for the registrar. It is not stored.

import { h } from './dom.js';
import { invoke, shownPhones } from './ipc.js';
import { PLATFORMS } from './form.js';
import { runDialog } from './dialog.js';

const $ = (id) => document.getElementById(id);

/** What a person reads for the notice's fields (paths of model/notice.rs). */
const FIELD_LABELS = [
  ['channels', 'Kanal'],
  ['last_day', 'Sista dag'],
  ['reason', 'Anledning'],
  ['reporter', 'Anmäld av'],
  ['approval.date', 'Datum'],
  ['approval.name', 'Namnförtydligande'],
  ['approval.signature', 'Underskrift'],
];

function platformName(channel) {
  if (channel.platform === 'annat' && channel.platform_name) return channel.platform_name;
  const found = PLATFORMS.find(([code]) => code === channel.platform);
  return found ? found[1] : channel.platform;
}

function fieldLabel(field) {
  const found = FIELD_LABELS.find(([prefix]) => field && field.startsWith(prefix));
  return found ? found[1] : null;
}

/**
 * Opens the notice dialog for the signed application `app`. Resolves with the
 * path the PDF was saved to, or null when cancelled.
 */
export async function reportClosure(app) {
  const draft = await invoke('notice_draft', { id: app.id, version: app.version });
  const list = $('notice-channel-list');
  list.replaceChildren();
  const boxes = draft.channels.map((channel, i) => {
    const id = `notice-channel-${i}`;
    const box = h('input', { type: 'checkbox', id, checked: true });
    list.append(h('div', { class: 'checkbox-field notice-channel' },
      box, h('label', { for: id }, `${platformName(channel)}: ${channel.address}`)));
    return box;
  });
  $('notice-last-day').value = '';
  $('notice-reason').value = '';
  $('notice-reporter-name').value = draft.reporter.name;
  // Shown the Swedish way ("0240-66 00 00"); the core normalises it again.
  [$('notice-reporter-phone').value] = await shownPhones([draft.reporter]);
  $('notice-reporter-email').value = draft.reporter.email;
  $('notice-approval-date').value = draft.approval.date;
  $('notice-approval-name').value = '';
  $('notice-signature').value = '';
  $('notice-paper').checked = false;
  const errors = $('notice-errors');
  errors.replaceChildren();

  return runDialog($('notice-dialog'), $('notice-form'), $('notice-cancel'), async () => {
    const paper = $('notice-paper').checked;
    const notice = {
      ...draft,
      channels: draft.channels.filter((_, i) => boxes[i].checked),
      last_day: $('notice-last-day').value,
      reason: $('notice-reason').value,
      reporter: {
        name: $('notice-reporter-name').value,
        phone: $('notice-reporter-phone').value,
        email: $('notice-reporter-email').value,
      },
      approval: {
        date: $('notice-approval-date').value,
        name: $('notice-approval-name').value,
      },
    };
    const typed = $('notice-signature').value;
    if (paper) notice.approval.signature = { kind: 'paper' };
    else if (typed.trim()) notice.approval.signature = { kind: 'typed', text: typed };
    errors.replaceChildren();
    try {
      const path = await invoke('save_notice_pdf', { notice });
      return path ? { path } : null;
    } catch (err) {
      const problems = Array.isArray(err) ? err : err.problems ?? [err];
      errors.append(...problems.map((p) => {
        const label = fieldLabel(p.field);
        return h('li', {}, label ? `${label}: ${p.message}` : p.message);
      }));
      errors.focus();
      return null;
    }
  });
}
