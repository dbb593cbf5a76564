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
const DIALOG_FIELDS = new Set(['pkcs11-module', 'token-certificate', 'token-pin', 'p12-file']);

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

/** Calls a signing command; a form problem is thrown, a dialog problem given to `show`. */
async function trySign(command, args, show) {
  try {
    return await invoke(command, args);
  } catch (err) {
    const problems = err.problems ?? (Array.isArray(err) ? err : [err]);
    if (isFormProblem(problems)) throw problems;
    show(problems);
    return null;
  }
}

/**
 * The token dialog's messages, each beside its control (`field` of the problem:
 * the card software, the certificate list or the PIN), else under the dialog's
 * fields. Returns `{ say, clear }`; `say` returns the control it marked, if any.
 */
function controlErrors(general, controls) {
  const clearAll = () => {
    general.textContent = '';
    for (const [box, input] of Object.values(controls)) {
      box.textContent = '';
      input.removeAttribute('aria-invalid');
    }
  };
  const say = (problem) => {
    const slot = controls[problem.field];
    if (!slot) {
      general.textContent = problem.message;
      return null;
    }
    slot[0].textContent = problem.message;
    slot[1].setAttribute('aria-invalid', 'true');
    return slot[1];
  };
  return { say, clear: clearAll };
}

function setBusy(buttons, busy) {
  for (const b of buttons) b.disabled = busy;
}

/** "Signera med e-legitimation eller kort". Resolves with the signed application or null. */
export function signWithToken(app) {
  return tokenDialog('sign_with_token', { app: structuredClone(app) });
}

/**
 * The same dialog for the closure notice (issue 16). Resolves with
 * `{notice, signer_name}` (the signed PDF is kept in Rust for "Spara PDF…") or null.
 */
export function signNoticeWithToken(notice) {
  return tokenDialog('sign_notice_with_token', { notice: structuredClone(notice) });
}

/** "Signera med certifikatfil". Resolves with the signed application or null. */
export function signWithFile(app) {
  return fileDialog('sign_with_certificate_file', { app: structuredClone(app) });
}

/** The certificate-file dialog for the closure notice; see signNoticeWithToken. */
export function signNoticeWithFile(notice) {
  return fileDialog('sign_notice_with_certificate_file', { notice: structuredClone(notice) });
}

/** The token dialog; "Signera" calls `command` with `args` and the chosen key and PIN. */
async function tokenDialog(command, args) {
  const dialog = $('token-dialog');
  const moduleInput = $('token-module');
  const select = $('token-certificate');
  const status = $('token-certificate-status');
  const pin = $('token-pin');
  const signButton = $('token-sign');
  const errors = controlErrors($('token-error'), {
    'pkcs11-module': [$('token-module-error'), moduleInput],
    'token-certificate': [$('token-certificate-error'), select],
    'token-pin': [$('token-pin-error'), pin],
  });
  errors.clear();
  pin.value = '';

  const showSettings = (settings) => {
    moduleInput.value = settings.module ?? '';
    const list = $('token-module-list');
    clear(list);
    for (const m of settings.suggestions) list.append(h('option', { value: m }));
  };

  /** An expired certificate is listed (so the manager sees why), but cannot sign. */
  const expiredProblem = () => {
    const option = select.selectedOptions[0];
    if (!option?.dataset.expired) return null;
    return {
      field: 'token-certificate',
      message: `Certifikatet gick ut ${option.dataset.until} och kan inte användas för att signera. Välj ett annat certifikat, eller kontakta den som gav ut kortet.`,
    };
  };
  const onCertificateChange = () => {
    errors.clear();
    const expired = expiredProblem();
    if (expired) errors.say(expired);
  };
  select.addEventListener('change', onCertificateChange);

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
          'data-until': until,
        }, label));
      }
      // Several certificates show as a list, so the manager sees them all at once.
      select.size = certs.length > 1 ? Math.min(certs.length, 4) : 0;
      // A certificate that can sign is chosen first.
      const usable = certs.findIndex((c) => !c.expired);
      if (usable >= 0) select.selectedIndex = usable;
      select.disabled = false;
      signButton.disabled = false;
      status.textContent = certs.length === 1
        ? `1 certifikat på kortet ”${certs[0].token_label}”.`
        : `${certs.length} certifikat på kortet.`;
      const low = certs.find((c) => c.pin_status);
      if (low) status.textContent += ` Obs: ${pinStatusText(low.pin_status)}`;
      onCertificateChange();
    } catch (err) {
      status.textContent = '';
      errors.say(err);
    }
  };

  const onModuleChange = async () => {
    errors.clear();
    try {
      showSettings(await invoke('set_pkcs11_module', { module: moduleInput.value }));
      await loadCertificates();
    } catch (err) {
      errors.say({ ...err, field: err.field ?? 'pkcs11-module' });
    }
  };
  moduleInput.addEventListener('change', onModuleChange);

  try {
    showSettings(await invoke('pkcs11_settings'));
  } catch (err) {
    errors.say(err);
  }
  const opened = runDialog({
    dialog,
    form: $('token-form'),
    cancel: $('token-cancel'),
    onClose: () => {
      pin.value = '';
      moduleInput.removeEventListener('change', onModuleChange);
      select.removeEventListener('change', onCertificateChange);
    },
    focus: () => pin,
    submit: async () => {
      errors.clear();
      if (!select.value) {
        errors.say({
          field: 'token-certificate',
          message: 'Välj ett certifikat. Sätt i kortet och vänta tills certifikatet visas.',
        });
        return null;
      }
      const expired = expiredProblem();
      if (expired) {
        errors.say(expired);
        select.focus();
        return null;
      }
      if (!pin.value) {
        errors.say({ field: 'token-pin', message: 'Skriv din PIN-kod.' });
        pin.focus();
        return null;
      }
      const [tokenLabel, keyIdHex] = JSON.parse(select.value);
      setBusy([signButton], true);
      try {
        let marked = null;
        const signed = await trySign(command, {
          ...args, tokenLabel, keyIdHex, pin: pin.value,
        }, (problems) => { for (const p of problems) marked = errors.say(p) ?? marked; });
        if (!signed) {
          pin.value = '';
          (marked ?? pin).focus();
        }
        return signed;
      } finally {
        setBusy([signButton], false);
      }
    },
  });
  if (moduleInput.value) loadCertificates();
  else {
    errors.say({
      field: 'pkcs11-module',
      message: 'Ingen programvara för kortet hittades. Skriv sökvägen till den under ”Programvara för kortet”.',
    });
  }
  return opened;
}

function pinStatusText(s) {
  if (/final/i.test(s)) return 'Ett felaktigt försök till låser kortet.';
  if (/low/i.test(s)) return 'Få försök kvar innan kortet låses.';
  if (/lock/i.test(s)) return 'PIN-koden är låst.';
  return s;
}

/** The certificate-file dialog; "Signera" calls `command` with `args` and the password. */
function fileDialog(command, args) {
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
        const signed = await trySign(command, {
          ...args, password: password.value,
        }, (problems) => { error.textContent = problems.map((p) => p.message).join(' '); });
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
