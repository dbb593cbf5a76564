// "Anmäl att kanalen avslutas…" (issue 16): the unit's closure notice. The
// guidelines: "Om närvaron i det sociala mediet avslutas ska det meddelas
// kommuns kommunikatör." Two ways in: from a signed application in "Mina
// ansökningar" (notice_draft: its channels, ticked), or "Anmäl att en kanal
// avslutas…" for channels opened before the app (blank_notice_draft: unit and
// channels typed in). The notice is checked and sealed in Rust (every problem at
// once, each beside its field, as "Signera"), and saved as a PDF for the
// registrar. It is not stored.
//
// The manager approves it as an application: drawn, typed or on paper
// (signature-choice.js, signature-pad.js), and optionally digitally with a card,
// token or certificate file (the application's dialogs, digital-signing.js). A
// digitally signed notice's PDF cannot be made again, so Rust keeps the signed
// bytes and "Spara PDF…" saves exactly those (save_signed_notice_pdf).

import { h, clear } from './dom.js';
import { invoke, shownPhones } from './ipc.js';
import { PLATFORMS } from './form.js';
import { runDialog } from './dialog.js';
import { fieldId } from './paths.js';
import { clearFieldErrors, showFieldErrors } from './errors.js';
import { SignaturePad, PAD_WIDTH, PAD_HEIGHT } from './signature-pad.js';
import { KINDS, METHODS, radioOptions } from './signature-choice.js';
import { signNoticeWithFile, signNoticeWithToken } from './digital-signing.js';

const $ = (id) => document.getElementById(id);

/** What a person reads for the notice's fields (paths of model/notice.rs). */
const FIELD_LABELS = [
  ['unit', 'Förvaltning/enhet'],
  ['channels', 'Kanal'],
  ['last_day', 'Sista dag'],
  ['reason', 'Anledning'],
  ['reporter', 'Anmäld av'],
  ['approval.date', 'Datum'],
  ['approval.name', 'Namnförtydligande'],
  ['approval.signature', 'Underskrift'],
];

/** The dialog's element for a field path; a channel row's are `notice-channels-<i>-<field>`. */
const FIELD_IDS = {
  unit: 'notice-unit',
  channels: 'notice-channels',
  last_day: 'notice-last-day',
  reason: 'notice-reason',
  reporter: 'notice-reporter',
  'reporter.name': 'notice-reporter-name',
  'reporter.phone': 'notice-reporter-phone',
  'reporter.email': 'notice-reporter-email',
  approval: 'notice-approval',
  'approval.date': 'notice-approval-date',
  'approval.name': 'notice-approval-name',
  'approval.signature': 'notice-approval-signature',
};

function noticeFieldId(path) {
  return FIELD_IDS[path] ?? `notice-${fieldId(path).slice(2)}`;
}

function platformName(channel) {
  if (channel.platform === 'annat' && channel.platform_name) return channel.platform_name;
  const found = PLATFORMS.find(([code]) => code === channel.platform);
  return found ? found[1] : channel.platform;
}

function fieldLabel(field) {
  const found = FIELD_LABELS.find(([prefix]) => field && field.startsWith(prefix));
  return found ? found[1] : null;
}

/** The approval's signature part, built once with the application's parts. */
let signing = null;

/** The primary button says what it does: save, or sign digitally and then save. */
function onMethod(method) {
  $('notice-save').textContent = method === 'none'
    ? 'Spara anmälan som PDF…'
    : 'Signera och spara PDF…';
}

function buildSigning() {
  const state = { kind: 'typed', method: 'none', strokes: [] };
  const pad = new SignaturePad({
    label: 'Rityta för chefens underskrift',
    onChange: (strokes) => { state.strokes = strokes; },
  });
  const preview = h('p', { class: 'typed-signature', 'aria-hidden': 'true' });
  const typed = h('input', {
    id: 'notice-signature', type: 'text', maxlength: '200', autocomplete: 'off',
    spellcheck: 'false',
    oninput: () => { preview.textContent = typed.value; },
  });
  const panels = {
    drawn: h('div', { class: 'signature-panel', 'data-kind': 'drawn', id: 'notice-signature-pad' },
      pad.element),
    typed: h('div', { class: 'signature-panel', 'data-kind': 'typed' },
      h('label', { for: typed.id, class: 'label-small' }, 'Chefens namn som underskrift'),
      typed,
      h('div', { class: 'typed-signature-box' }, preview)),
    paper: h('div', { class: 'signature-panel', 'data-kind': 'paper' },
      h('p', { class: 'paper-note' },
        'PDF-filen får en tom rad för underskrift. Skriv ut anmälan, låt chefen skriva under med penna och lämna papperet till registratorn.')),
  };
  let kinds = null;
  const show = (kind) => {
    state.kind = kind;
    for (const r of kinds.inputs) r.checked = r.value === kind;
    for (const [k, panel] of Object.entries(panels)) panel.hidden = k !== kind;
    // The pad measures itself only when visible.
    if (kind === 'drawn') pad.resize();
  };
  kinds = radioOptions('notice-signature-kind', 'notice-signature-kind', KINDS, show);
  const methods = radioOptions('notice-signing-method', 'notice-signing-method', METHODS,
    (method) => {
      state.method = method;
      onMethod(method);
    }, 'none');
  clear($('notice-signing'));
  $('notice-signing').append(
    h('fieldset', { class: 'signature-choice', id: 'notice-approval-signature' },
      h('legend', { class: 'label-small' }, 'Underskrift'),
      h('div', { class: 'signature-options rows' }, kinds.rows),
      Object.values(panels)),
    h('fieldset', { class: 'signature-choice signing-method', id: 'notice-signing-method' },
      h('legend', { class: 'label-small' }, 'Elektronisk signatur'),
      h('p', { class: 'hint' },
        'Underskriften ovan är det som syns i PDF-filen. Med e-legitimation, kort eller certifikatfil signerar chefen också PDF-filen elektroniskt, så att det går att bevisa vem som har godkänt anmälan.'),
      h('div', { class: 'signature-options' }, methods.rows)));

  return {
    reset() {
      state.strokes = [];
      pad.setStrokes([]);
      typed.value = '';
      preview.textContent = '';
      state.method = 'none';
      for (const r of methods.inputs) r.checked = r.value === 'none';
      onMethod('none');
      this.setDisabled(false);
      show('typed');
    },
    /** The chosen signature as model.rs tags it; none while nothing is drawn or typed. */
    signature() {
      if (state.kind === 'drawn') {
        return state.strokes.length
          ? { kind: 'drawn', width: PAD_WIDTH, height: PAD_HEIGHT, strokes: state.strokes }
          : undefined;
      }
      if (state.kind === 'typed') return typed.value.trim() ? { kind: 'typed', text: typed.value } : undefined;
      return { kind: 'paper' };
    },
    method: () => state.method,
    setDisabled(disabled) {
      pad.setDisabled(disabled);
      typed.disabled = disabled;
      for (const r of [...kinds.inputs, ...methods.inputs]) r.disabled = disabled;
    },
  };
}

/** The channel rows of a notice typed in: platform (+ name for "Annat") and address. */
class TypedChannels {
  constructor(channels) {
    this.list = $('notice-channel-list');
    this.rows = [];
    clear(this.list);
    for (const c of channels.length ? channels : [{}]) this.add(c);
  }

  add(channel = {}) {
    const i = this.rows.length;
    const base = `notice-channels-${i}`;
    const select = h('select', { id: `${base}-platform` },
      h('option', { value: '' }, 'Välj…'),
      PLATFORMS.map(([code, label]) => h('option', { value: code }, label)));
    select.value = channel.platform ?? '';
    const name = h('input', { id: `${base}-platform_name`, type: 'text', value: channel.platform_name ?? '' });
    const nameField = h('div', { class: 'field notice-platform-name', hidden: select.value !== 'annat' },
      h('label', { for: name.id }, 'Vilket socialt medium?'), name);
    select.addEventListener('change', () => { nameField.hidden = select.value !== 'annat'; });
    const address = h('input', {
      id: `${base}-address`, type: 'text', inputmode: 'url', autocomplete: 'off', spellcheck: 'false',
      value: channel.address ?? '',
    });
    const remove = h('button', {
      type: 'button', class: 'button button-secondary button-compact',
      'aria-label': `Ta bort kanal ${i + 1}`,
      onclick: () => this.remove(i),
    }, 'Ta bort');
    const row = h('div', { class: 'notice-typed-channel', id: base },
      h('div', { class: 'field' }, h('label', { for: select.id }, 'Socialt medium'), select),
      h('div', { class: 'field' }, h('label', { for: address.id }, 'Adress'), address),
      remove,
      nameField);
    this.list.append(row);
    this.rows.push({ select, name, address, remove });
    this.updateRemove();
    return select;
  }

  remove(index) {
    const kept = this.channels().filter((_, i) => i !== index);
    this.rows = [];
    clear(this.list);
    for (const c of kept.length ? kept : [{}]) this.add(c);
    this.rows[Math.min(index, this.rows.length - 1)].select.focus();
  }

  updateRemove() {
    for (const r of this.rows) r.remove.hidden = this.rows.length < 2;
  }

  channels() {
    return this.rows.map((r) => {
      const c = { platform: r.select.value, address: r.address.value };
      if (r.select.value === 'annat') c.platform_name = r.name.value;
      return c;
    });
  }

  setDisabled(disabled) {
    for (const r of this.rows) {
      for (const el of [r.select, r.name, r.address, r.remove]) el.disabled = disabled;
    }
  }
}

/** The ticked channels of a signed application. */
class ApplicationChannels {
  constructor(channels) {
    const list = $('notice-channel-list');
    clear(list);
    this.channelsAll = channels;
    this.boxes = channels.map((channel, i) => {
      const id = `notice-channel-${i}`;
      const box = h('input', { type: 'checkbox', id, checked: true });
      list.append(h('div', { class: 'checkbox-field notice-channel', id: `notice-channels-${i}` },
        box, h('label', { for: id }, `${platformName(channel)}: ${channel.address}`)));
      return box;
    });
  }

  channels() {
    return this.channelsAll.filter((_, i) => this.boxes[i].checked);
  }

  setDisabled(disabled) {
    for (const b of this.boxes) b.disabled = disabled;
  }
}

/**
 * Opens the notice dialog for the signed application `app`. Resolves with the
 * path the PDF was saved to, or null when cancelled.
 */
export async function reportClosure(app) {
  const draft = await invoke('notice_draft', { id: app.id, version: app.version });
  return openNotice(draft, false);
}

/**
 * "Anmäl att en kanal avslutas…" in "Mina ansökningar": a notice for channels
 * opened before the app, typed in. Says where the PDF went beside the button.
 */
export async function reportTypedInClosure() {
  const status = $('handover-message');
  try {
    const draft = await invoke('blank_notice_draft');
    const saved = await openNotice(draft, true);
    if (saved) {
      status.textContent = `Anmälan om avslutad kanal sparad: ${saved.path}. Lämna den till registratorn.`;
    }
  } catch (err) {
    status.textContent = err.message;
  }
}

async function openNotice(draft, typedIn) {
  signing ??= buildSigning();
  $('notice-dialog-title').textContent = typedIn
    ? 'Anmäl att en kanal avslutas'
    : 'Anmäl att kanalen avslutas';
  $('notice-unit-field').hidden = !typedIn;
  $('notice-unit').value = draft.unit;
  $('notice-channels-hint').hidden = !typedIn;
  const addButton = $('notice-add-channel');
  addButton.hidden = !typedIn;
  const channels = typedIn ? new TypedChannels(draft.channels) : new ApplicationChannels(draft.channels);
  const onAdd = () => channels.add().focus();
  if (typedIn) addButton.addEventListener('click', onAdd);

  $('notice-last-day').value = '';
  $('notice-reason').value = '';
  $('notice-reporter-name').value = draft.reporter.name;
  // Shown the Swedish way ("0240-66 00 00"); the core normalises it again.
  [$('notice-reporter-phone').value] = await shownPhones([draft.reporter]);
  $('notice-reporter-email').value = draft.reporter.email;
  $('notice-approval-date').value = draft.approval.date;
  $('notice-approval-name').value = '';
  signing.reset();
  const form = $('notice-form');
  const errors = $('notice-errors');
  const status = $('notice-signed-status');
  const saveButton = $('notice-save');
  const ownInputs = ['notice-unit', 'notice-last-day', 'notice-reason', 'notice-reporter-name',
    'notice-reporter-phone', 'notice-reporter-email', 'notice-approval-date', 'notice-approval-name']
    .map((id) => $(id));
  const lock = (locked) => {
    for (const el of ownInputs) el.disabled = locked;
    channels.setDisabled(locked);
    signing.setDisabled(locked);
    addButton.disabled = locked;
  };
  lock(false);
  errors.replaceChildren();
  clearFieldErrors(form);
  status.hidden = true;
  status.textContent = '';
  status.classList.remove('is-warning');
  /** The id of the notice signed digitally in this dialog: only saving is left. */
  let signedId = null;

  const showProblems = (problems) => {
    showFieldErrors(form, problems, noticeFieldId);
    errors.append(...problems.map((p) => {
      const label = fieldLabel(p.field);
      return h('li', {}, label ? `${label}: ${p.message}` : p.message);
    }));
    errors.focus();
  };

  const collect = () => {
    const notice = {
      ...draft,
      unit: typedIn ? $('notice-unit').value : draft.unit,
      channels: channels.channels(),
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
    const signature = signing.signature();
    if (signature) notice.approval.signature = signature;
    return notice;
  };

  /** Cancelling after signing digitally drops the signature (the card and PIN would
   * be needed again), so the first Avbryt only says so; a second one closes. */
  let warnedUnsaved = false;
  const canClose = () => {
    if (!signedId || warnedUnsaved) return true;
    warnedUnsaved = true;
    status.textContent = 'Den signerade anmälan är inte sparad. Välj ”Spara PDF…”, '
      + 'eller Avbryt igen för att stänga utan att spara (då behöver anmälan signeras på nytt).';
    status.classList.add('is-warning');
    return false;
  };

  const saveSigned = async () => {
    const path = await invoke('save_signed_notice_pdf', { id: signedId });
    return path ? { path } : null;
  };

  try {
    return await runDialog($('notice-dialog'), form, $('notice-cancel'), async () => {
      errors.replaceChildren();
      try {
        if (signedId) return await saveSigned();
        clearFieldErrors(form);
        const notice = collect();
        const method = signing.method();
        if (method === 'none') {
          const path = await invoke('save_notice_pdf', { notice });
          return path ? { path } : null;
        }
        const sign = method === 'token' ? signNoticeWithToken : signNoticeWithFile;
        const signed = await sign(notice);
        if (!signed) return null;
        signedId = signed.notice.id;
        lock(true);
        status.textContent = `Anmälan är elektroniskt signerad av ${signed.signer_name}. Spara PDF-filen och lämna den till registratorn.`;
        status.hidden = false;
        saveButton.textContent = 'Spara PDF…';
        return await saveSigned();
      } catch (err) {
        showProblems(Array.isArray(err) ? err : err.problems ?? [err]);
        return null;
      }
    }, canClose);
  } finally {
    if (typedIn) addButton.removeEventListener('click', onAdd);
  }
}
