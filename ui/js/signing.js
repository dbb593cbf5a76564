// The approval's signature and everything after it: choosing how the manager
// signs (draw, type, or on paper) and whether digitally too (issue 14, in
// digital-signing.js), "Signera", the read-only signed view with its
// banner, "Ny version", and the registrar's PDF (preview, save, print, open).
//
// The chosen signature lives in app.approval.signature (model.rs Signature), so
// the form's autosave stores it with the rest of the draft.

import { h, clear, shortDateTime } from './dom.js';
import { invoke } from './ipc.js';
import { showFieldErrors, showSummary } from './errors.js';
import { SignaturePad, PAD_WIDTH, PAD_HEIGHT } from './signature-pad.js';
import { renderPdf } from './pdf-preview.js';
// digital-signing.js and notice.js are loaded when first used (issue 17).
import { readableName } from './names.js';
import { KINDS, METHODS, radioOptions } from './signature-choice.js';


/** Characters of the seal shown to people; the PDF footer shows the same. */
const SHORT_SEAL = 12;

export class SigningView {
  /**
   * @param {object} hooks
   * @param {HTMLFormElement} hooks.form the application form
   * @param {() => object|null} hooks.getApp the application shown
   * @param {(path: string) => void} hooks.onEdit after the signature changed (autosave)
   * @param {(path: string) => void} hooks.onLeave when focus leaves the typed signature
   * @param {() => Promise} hooks.flushSave saves pending edits now
   * @param {(app: object) => void} hooks.show shows another application in the form
   * @param {() => Promise} hooks.refreshList redraws "Mina ansökningar"
   * @param {() => void} [hooks.revealProblems] makes the form show every problem from now on
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.app = null;
    /** What was drawn or typed per way, so switching back and forth loses nothing. */
    this.remembered = { drawn: [], typed: '' };
    /** Bumped on every load: late answers for an application no longer shown are dropped. */
    this.generation = 0;

    this.root = document.getElementById('signing');
    this.banner = document.getElementById('signed-banner');
    this.panel = document.getElementById('pdf-panel');

    this.pad = new SignaturePad({
      onChange: (strokes) => {
        this.remembered.drawn = strokes;
        this.setSignature({ kind: 'drawn', width: PAD_WIDTH, height: PAD_HEIGHT, strokes });
      },
    });
    this.buildChoice();
    this.buildPdfPanel();
  }

  buildChoice() {
    const kinds = radioOptions('signature-kind', 'signature-kind', KINDS, (kind) => this.choose(kind));
    const radios = kinds.rows;
    this.radios = kinds.inputs;

    this.typedInput = h('input', {
      id: 'f-approval-signature-text', type: 'text', maxlength: '200', autocomplete: 'off',
      spellcheck: 'false', 'aria-describedby': 'signature-typed-hint',
      oninput: () => {
        this.remembered.typed = this.typedInput.value;
        this.typedPreview.textContent = this.typedInput.value;
        this.setSignature({ kind: 'typed', text: this.typedInput.value });
      },
      onblur: () => this.hooks.onLeave('approval.signature'),
    });
    this.typedPreview = h('p', { class: 'typed-signature', 'aria-hidden': 'true' });
    this.panels = {
      drawn: h('div', { class: 'signature-panel', 'data-kind': 'drawn' }, this.pad.element),
      typed: h('div', { class: 'signature-panel', 'data-kind': 'typed' },
        h('label', { for: this.typedInput.id, class: 'label-small' }, 'Namn som underskrift'),
        h('p', { class: 'hint', id: 'signature-typed-hint' },
          'Namnet visas i en handskriftslik stil, så som det skrivs i PDF-filen.'),
        this.typedInput,
        h('div', { class: 'typed-signature-box' }, this.typedPreview)),
      paper: h('div', { class: 'signature-panel', 'data-kind': 'paper' },
        h('p', { class: 'paper-note' },
          'PDF-filen får en tom rad för underskrift. Skriv ut den signerade PDF-filen, låt chefen skriva under med penna och lämna papperet till registratorn.'),
        h('p', { class: 'hint' },
          'Ansökan signeras ändå här, så att innehållet låses och kan kontrolleras.')),
    };

    this.method = 'none';
    const methods = radioOptions('signing-method', 'signing-method', METHODS, (method) => {
      this.method = method;
    }, 'none');
    const methodRadios = methods.rows;
    this.methodRadios = methods.inputs;
    this.methodChoice = h('fieldset', { class: 'signature-choice signing-method', id: 'signing-method' },
      h('legend', { class: 'label-small' }, 'Elektronisk signatur'),
      h('p', { class: 'hint', id: 'signing-method-hint' },
        'Underskriften ovan är det som syns i PDF-filen. Med e-legitimation, kort eller certifikatfil signerar du också PDF-filen elektroniskt, så att det går att bevisa att det är du som har godkänt ansökan.'),
      h('div', { class: 'signature-options' }, methodRadios));

    this.signButton = h('button', {
      type: 'button', id: 'sign', class: 'button button-primary', onclick: () => this.sign(),
    }, 'Signera');
    this.signRow = h('div', { class: 'sign-row' },
      this.signButton,
      h('p', { class: 'hint', id: 'sign-hint' },
        'Signera kontrollerar hela ansökan först. En signerad ansökan kan inte ändras; ändringar görs i en ny version.'));
    this.signButton.setAttribute('aria-describedby', 'sign-hint');

    clear(this.root);
    this.root.append(
      h('fieldset', { class: 'signature-choice', id: 'f-approval-signature' },
        h('legend', { class: 'label-small' }, 'Underskrift'),
        // "rows": errors.js puts a section's message before it, under the legend.
        h('div', { class: 'signature-options rows' }, radios),
        Object.values(this.panels)),
      this.methodChoice,
      this.signRow);
  }

  buildPdfPanel() {
    this.previewButton = h('button', {
      type: 'button', id: 'pdf-preview-button', class: 'button button-secondary',
      onclick: () => this.preview(),
    }, 'Förhandsgranska');
    this.saveButton = h('button', {
      type: 'button', id: 'pdf-save', class: 'button button-secondary', onclick: () => this.savePdf(),
    }, 'Spara PDF…');
    this.printButton = h('button', {
      type: 'button', id: 'pdf-print', class: 'button button-secondary', onclick: () => this.printPdf(),
    }, 'Skriv ut');
    this.openButton = h('button', {
      type: 'button', id: 'pdf-open', class: 'button button-secondary', onclick: () => this.openPdf(),
    }, 'Öppna PDF');
    this.panelIntro = h('p', { class: 'hint', id: 'pdf-panel-intro' });
    this.pdfStatus = h('p', { class: 'pdf-status', id: 'pdf-status', role: 'status', 'aria-live': 'polite' });
    this.previewBox = h('div', { class: 'pdf-preview', id: 'pdf-preview', hidden: true });
    clear(this.panel);
    this.panel.append(
      h('h2', { id: 'pdf-panel-title', class: 'pdf-panel-title' }, 'PDF för registratorn'),
      this.panelIntro,
      h('div', { class: 'pdf-actions' },
        this.previewButton, this.saveButton, this.printButton, this.openButton),
      this.pdfStatus,
      this.previewBox);
  }

  /** Shows `app`'s signature and state; called by the form each time it shows one. */
  load(app) {
    const previous = this.app;
    // The same draft shown anew (opened again from the list or from its file, or
    // after a save): the choices made here survive, even one made while the
    // application was being fetched, before the autosave could store it.
    const sameDraft = Boolean(previous && !previous.seal && !app.seal
      && previous.id === app.id && previous.version === app.version);
    if (sameDraft) this.keepChoice(previous, app);
    this.app = app;
    this.generation += 1;
    const signed = Boolean(app.seal);
    const sig = app.approval?.signature ?? null;
    const remembered = sameDraft ? this.remembered : { drawn: [], typed: '' };
    this.remembered = {
      drawn: sig?.kind === 'drawn' ? sig.strokes ?? [] : remembered.drawn,
      typed: sig?.kind === 'typed' ? sig.text ?? '' : remembered.typed,
    };
    this.pad.setStrokes(this.remembered.drawn);
    this.typedInput.value = this.remembered.typed;
    this.typedPreview.textContent = this.remembered.typed;
    this.showKind(sig?.kind ?? null);
    for (const r of this.radios) r.disabled = signed;
    this.typedInput.disabled = signed;
    this.pad.setDisabled(signed);
    this.signRow.hidden = signed;
    this.methodChoice.hidden = signed;
    if (!sameDraft) this.method = 'none';
    for (const r of this.methodRadios) r.checked = r.value === this.method;
    this.root.classList.toggle('is-signed', signed);
    // The form's own add/remove controls go too (app.css, "Signed view").
    document.getElementById('application-form').classList.toggle('is-signed', signed);

    this.renderBanner(app);
    this.panelIntro.textContent = signed
      ? 'Den signerade ansökan som PDF, med ansökans uppgifter inbäddade. Spara den och lämna den till registratorn.'
      : 'Ett utkast blir en PDF märkt ”UTKAST – ej signerad”. Signera ansökan för att få den PDF som lämnas till registratorn.';
    this.previewButton.textContent = 'Förhandsgranska';
    this.setPdfStatus('idle', '');
    clear(this.previewBox);
    this.previewBox.hidden = true;
    // A signed application never changes: its preview is shown at once.
    if (signed) this.preview();
  }

  /**
   * Puts the signature chosen in `previous` (the draft as this view last had it)
   * into `app` (the same draft as just read back) when they differ, and saves it:
   * the user's latest choice wins over a stored one that predates it.
   */
  keepChoice(previous, app) {
    const chosen = previous.approval?.signature ?? null;
    const stored = app.approval?.signature ?? null;
    if (!chosen || JSON.stringify(chosen) === JSON.stringify(stored)) return;
    app.approval = app.approval ?? { date: '', name: '' };
    app.approval.signature = chosen;
    this.hooks.onEdit('approval.signature');
  }

  showKind(kind) {
    for (const r of this.radios) r.checked = r.value === kind;
    for (const [k, panel] of Object.entries(this.panels)) panel.hidden = k !== kind;
    // The pad measures itself only when visible.
    if (kind === 'drawn') this.pad.resize();
  }

  choose(kind) {
    if (!this.app || this.app.seal) return;
    this.showKind(kind);
    if (kind === 'drawn') {
      this.setSignature({ kind, width: PAD_WIDTH, height: PAD_HEIGHT, strokes: this.remembered.drawn });
    } else if (kind === 'typed') {
      // Most managers sign with the name they printed above.
      if (!this.remembered.typed.trim() && this.app.approval?.name) {
        this.remembered.typed = this.app.approval.name;
        this.typedInput.value = this.remembered.typed;
        this.typedPreview.textContent = this.remembered.typed;
      }
      this.setSignature({ kind, text: this.remembered.typed });
    } else {
      this.setSignature({ kind: 'paper' });
    }
  }

  setSignature(signature) {
    if (!this.app || this.app.seal) return;
    this.app.approval = this.app.approval ?? { date: '', name: '' };
    this.app.approval.signature = signature;
    this.hooks.onEdit('approval.signature');
  }

  renderBanner(app) {
    clear(this.banner);
    if (!app.seal) {
      this.banner.hidden = true;
      return;
    }
    const when = shortDateTime(app.signed_at);
    const short = app.seal.slice(0, SHORT_SEAL);
    this.banner.append(
      h('div', { class: 'signed-banner-text' },
        h('p', { class: 'signed-banner-title', id: 'signed-banner-title' },
          `Signerad ${when} – kan inte ändras`),
        h('p', { class: 'signed-banner-detail' },
          'Sigill ', h('code', { class: 'seal' }, short), ` · version ${app.version}. `,
          'Behöver något ändras? Skapa en ny version; den här versionen finns kvar som den är.'),
        this.digitalLine = h('p', { class: 'signed-banner-digital', id: 'digital-signature-status' })),
      h('div', { class: 'signed-banner-actions' },
        h('button', {
          type: 'button', id: 'new-version', class: 'button button-secondary',
          onclick: () => this.newVersion(),
        }, 'Ny version'),
        h('button', {
          type: 'button', id: 'report-closure', class: 'button button-secondary',
          onclick: () => this.reportClosure(),
        }, 'Anmäl att kanalen avslutas…')));
    this.banner.hidden = false;
    this.showDigitalSignature(app);
  }

  /** "Anmäl att kanalen avslutas…": the closure notice's dialog (notice.js). */
  async reportClosure() {
    const app = this.app;
    if (!app?.seal) return;
    try {
      const { reportClosure } = await import('./notice.js');
      const saved = await reportClosure(app);
      if (saved) {
        this.setPdfStatus('done', `Anmälan om avslutad kanal sparad: ${saved.path}. Lämna den till registratorn.`);
      }
    } catch (err) {
      this.setPdfStatus('error', err.message);
    }
  }

  /** "Elektroniskt signerad av …" or "Inte elektroniskt signerad", from the stored signed PDF. */
  async showDigitalSignature(app) {
    const generation = this.generation;
    const line = this.digitalLine;
    try {
      const sig = await invoke('digital_signature', { id: app.id, version: app.version });
      if (generation !== this.generation) return;
      line.dataset.signed = sig ? 'true' : 'false';
      line.textContent = sig
        ? `Elektroniskt signerad av ${sig.signer_name} ${shortDateTime(sig.signed_at)} med ett certifikat från ${readableName(sig.issuer_dn)}.`
        : 'Inte elektroniskt signerad.';
    } catch (err) {
      if (generation === this.generation) line.textContent = err.message;
    }
  }

  async sign() {
    const app = this.hooks.getApp();
    if (!app || app.seal) return;
    this.signButton.disabled = true;
    try {
      await this.hooks.flushSave();
      let signed;
      if (this.method === 'token') signed = await (await import('./digital-signing.js')).signWithToken(app);
      else if (this.method === 'file') signed = await (await import('./digital-signing.js')).signWithFile(app);
      else signed = await invoke('sign_application', { app: structuredClone(app) });
      if (!signed) return;
      this.hooks.show(signed);
      // Focus moves to the banner as it appears, not after the list has been
      // refreshed: the sign button is disabled by now, so until then keyboard
      // focus would be nowhere.
      this.banner.setAttribute('tabindex', '-1');
      this.banner.focus();
      this.banner.scrollIntoView({ block: 'start' });
      await this.hooks.refreshList();
    } catch (err) {
      // Shown exactly as "Kontrollera" shows problems: summary on top, message by each field.
      const problems = Array.isArray(err) ? err : err.problems ?? [err];
      this.hooks.revealProblems?.();
      showFieldErrors(this.hooks.form, problems);
      showSummary(problems, { focus: true });
    } finally {
      this.signButton.disabled = false;
    }
  }

  async newVersion() {
    const app = this.app;
    if (!app?.seal) return;
    try {
      const draft = await invoke('new_version', { id: app.id, version: app.version });
      this.hooks.show(draft);
      await this.hooks.refreshList();
      document.getElementById('form-title')?.focus();
    } catch (err) {
      this.setPdfStatus('error', err.message);
    }
  }

  setPdfStatus(kind, text) {
    this.pdfStatus.dataset.state = kind;
    this.pdfStatus.textContent = text;
  }

  /** Runs a PDF action on the stored application (pending typing saved first). */
  async withPdf(busyText, action) {
    const app = this.app;
    if (!app) return;
    const generation = this.generation;
    const buttons = [this.previewButton, this.saveButton, this.printButton, this.openButton];
    for (const b of buttons) b.disabled = true;
    this.setPdfStatus('busy', busyText);
    try {
      await this.hooks.flushSave();
      const args = { id: app.id, version: app.version };
      await action(args, () => generation === this.generation);
    } catch (err) {
      if (generation === this.generation) this.setPdfStatus('error', err.message);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  preview() {
    return this.withPdf('Skapar förhandsgranskning…', async (args, current) => {
      const bytes = await invoke('pdf_bytes', args);
      if (!current()) return;
      this.previewBox.hidden = false;
      const pages = await renderPdf(this.previewBox, bytes, current);
      if (!current()) return;
      this.previewBox.dataset.pages = String(pages);
      this.previewButton.textContent = 'Uppdatera förhandsgranskning';
      this.setPdfStatus('ok', this.app.seal
        ? `Förhandsgranskning: ${pages === 1 ? '1 sida' : `${pages} sidor`}.`
        : `Förhandsgranskning av utkastet (${pages === 1 ? '1 sida' : `${pages} sidor`}), som det såg ut nyss.`);
    });
  }

  savePdf() {
    return this.withPdf('Sparar PDF-filen…', async (args, current) => {
      const path = await invoke('save_pdf', args);
      if (!current()) return;
      if (path) this.setPdfStatus('ok', `PDF-filen är sparad: ${path}`);
      else this.setPdfStatus('idle', 'Ingen fil sparades.');
    });
  }

  printPdf() {
    return this.withPdf('Skickar till skrivaren…', async (args, current) => {
      const via = await invoke('print_pdf', args);
      if (!current()) return;
      this.setPdfStatus('ok', via === 'printer'
        ? 'PDF-filen har skickats till skrivaren.'
        : 'Ingen skrivare svarade, så PDF-filen har öppnats i PDF-läsaren. Skriv ut den därifrån.');
    });
  }

  openPdf() {
    return this.withPdf('Öppnar PDF-filen…', async (args, current) => {
      await invoke('open_pdf', args);
      if (current()) this.setPdfStatus('ok', 'PDF-filen har öppnats i PDF-läsaren.');
    });
  }
}
