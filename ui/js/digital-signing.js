// Issue 14: the digital signature, the proof of the manager's approval. Two
// dialogs: "Signera med e-legitimation eller kort" (PKCS#11: the card's software
// chosen once, a certificate from the card, the PIN) and "Signera med
// certifikatfil" (.p12/.pfx and its password).
//
// A PIN or password lives only in its password field while the dialog is open: it
// goes to Rust with the one signing command and the field is emptied when the
// dialog closes, whatever the outcome. Nothing here stores it.

import { h, clear } from './dom.js';
import { invoke } from './ipc.js';

const $ = (id) => document.getElementById(id);

/** Dialog-only fields; a problem naming any other field belongs to the form. */
const DIALOG_FIELDS = new Set(['pkcs11-module', 'p12-file']);

/** Problems that the form must show (validation), not the dialog. */
function isFormProblem(problems) {
  return problems.length > 1 || problems.some((p) => p.field && !DIALOG_FIELDS.has(p.field));
}

/**
 * Opens `dialog` and runs `submit` on "Signera" until it returns a result or throws
 * form problems. Resolves with the result, or null when cancelled (Avbryt, Escape).
 * `onClose` empties the secret fields.
 */
function runDialog({ dialog, form, cancel, submit, onClose, focus }) {
  return new Promise((resolve, reject) => {
    let busy = false;
    const finish = (settle) => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onEscape);
      onClose();
      dialog.close();
      settle();
    };
    const onSubmit = async (event) => {
      event.preventDefault();
      if (busy) return;
      busy = true;
      try {
        const result = await submit();
        if (result) finish(() => resolve(result));
      } catch (problems) {
        finish(() => reject(problems));
      } finally {
        busy = false;
      }
    };
    const onCancel = () => finish(() => resolve(null));
    const onEscape = (event) => {
      event.preventDefault();
      if (!busy) onCancel();
    };
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onEscape);
    dialog.showModal();
    focus()?.focus();
  });
}

/** Calls a signing command; a form problem is thrown, a dialog problem returned as text. */
async function trySign(command, args, errorBox) {
  try {
    return await invoke(command, args);
  } catch (err) {
    const problems = err.problems ?? (Array.isArray(err) ? err : [err]);
    if (isFormProblem(problems)) throw problems;
    errorBox.textContent = problems.map((p) => p.message).join(' ');
    return null;
  }
}

function setBusy(buttons, busy) {
  for (const b of buttons) b.disabled = busy;
}

/** "Signera med e-legitimation eller kort". Resolves with the signed application or null. */
export async function signWithToken(app) {
  const dialog = $('token-dialog');
  const moduleInput = $('token-module');
  const select = $('token-certificate');
  const status = $('token-certificate-status');
  const pin = $('token-pin');
  const error = $('token-error');
  const signButton = $('token-sign');
  error.textContent = '';
  pin.value = '';

  const showSettings = (settings) => {
    moduleInput.value = settings.module ?? '';
    const list = $('token-module-list');
    clear(list);
    for (const m of settings.suggestions) list.append(h('option', { value: m }));
  };

  const loadCertificates = async () => {
    clear(select);
    select.disabled = true;
    signButton.disabled = true;
    status.textContent = 'Läser certifikaten på kortet…';
    try {
      const certs = await invoke('token_certificates');
      for (const c of certs) {
        const until = c.not_after.slice(0, 10);
        const label = c.expired
          ? `${c.name} – gick ut ${until}`
          : `${c.name} – giltigt till ${until}`;
        select.append(h('option', {
          value: JSON.stringify([c.token_label, c.key_id_hex]),
          'data-expired': c.expired ? 'true' : null,
        }, label));
      }
      select.disabled = false;
      signButton.disabled = false;
      status.textContent = certs.length === 1
        ? `1 certifikat på kortet ”${certs[0].token_label}”.`
        : `${certs.length} certifikat på kortet.`;
      const low = certs.find((c) => c.pin_status);
      if (low) status.textContent += ` Obs: ${pinStatusText(low.pin_status)}`;
    } catch (err) {
      status.textContent = '';
      error.textContent = err.message;
    }
  };

  const onModuleChange = async () => {
    error.textContent = '';
    try {
      showSettings(await invoke('set_pkcs11_module', { module: moduleInput.value }));
      await loadCertificates();
    } catch (err) {
      error.textContent = err.message;
    }
  };
  moduleInput.addEventListener('change', onModuleChange);

  try {
    showSettings(await invoke('pkcs11_settings'));
  } catch (err) {
    error.textContent = err.message;
  }
  const opened = runDialog({
    dialog,
    form: $('token-form'),
    cancel: $('token-cancel'),
    onClose: () => {
      pin.value = '';
      moduleInput.removeEventListener('change', onModuleChange);
    },
    focus: () => pin,
    submit: async () => {
      error.textContent = '';
      if (!select.value) {
        error.textContent = 'Välj ett certifikat. Sätt i kortet och vänta tills certifikatet visas.';
        return null;
      }
      if (!pin.value) {
        error.textContent = 'Skriv din PIN-kod.';
        pin.focus();
        return null;
      }
      const [tokenLabel, keyIdHex] = JSON.parse(select.value);
      setBusy([signButton], true);
      try {
        const signed = await trySign('sign_with_token', {
          app: structuredClone(app), tokenLabel, keyIdHex, pin: pin.value,
        }, error);
        if (!signed) {
          pin.value = '';
          pin.focus();
        }
        return signed;
      } finally {
        setBusy([signButton], false);
      }
    },
  });
  if (moduleInput.value) loadCertificates();
  else error.textContent = 'Ingen programvara för kortet hittades. Skriv sökvägen till den under ”Programvara för kortet”.';
  return opened;
}

function pinStatusText(s) {
  if (/final/i.test(s)) return 'Ett felaktigt försök till låser kortet.';
  if (/low/i.test(s)) return 'Få försök kvar innan kortet låses.';
  if (/lock/i.test(s)) return 'PIN-koden är låst.';
  return s;
}

/** "Signera med certifikatfil". Resolves with the signed application or null. */
export function signWithFile(app) {
  const password = $('p12-password');
  const error = $('p12-error');
  const fileName = $('p12-file-name');
  const choose = $('p12-choose');
  const signButton = $('p12-sign');
  let chosen = false;
  error.textContent = '';
  password.value = '';
  fileName.textContent = 'Ingen fil vald';

  const onChoose = async () => {
    error.textContent = '';
    try {
      const name = await invoke('choose_certificate_file');
      if (name) {
        chosen = true;
        fileName.textContent = name;
        password.focus();
      }
    } catch (err) {
      error.textContent = err.message;
    }
  };
  choose.addEventListener('click', onChoose);

  return runDialog({
    dialog: $('p12-dialog'),
    form: $('p12-form'),
    cancel: $('p12-cancel'),
    onClose: () => {
      password.value = '';
      choose.removeEventListener('click', onChoose);
    },
    focus: () => choose,
    submit: async () => {
      error.textContent = '';
      if (!chosen) {
        error.textContent = 'Välj certifikatfilen (.p12 eller .pfx) först.';
        choose.focus();
        return null;
      }
      setBusy([signButton, choose], true);
      try {
        const signed = await trySign('sign_with_certificate_file', {
          app: structuredClone(app), password: password.value,
        }, error);
        if (!signed) {
          password.value = '';
          password.focus();
        }
        return signed;
      } finally {
        setBusy([signButton, choose], false);
      }
    },
  });
}
