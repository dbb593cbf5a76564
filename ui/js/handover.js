// Issue 13: the application handed over as a file between desks.
// "Skicka till chef för godkännande…", "Öppna ansökan från fil…", files dropped on
// the Ansökan view or given on the command line, the "Mottagen" note with the
// fields changed since, and where a signed PDF goes next.

import { invoke } from './ipc.js';
import { h, clear, shortDateTime } from './dom.js';

/** The value at a form path such as "channels[1].address" in `app`. */
function valueAt(app, path) {
  let v = app;
  for (const part of path.split('.')) {
    const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || v === null || v === undefined) return undefined;
    v = v[m[1]];
    if (m[2] !== undefined) v = Array.isArray(v) ? v[Number(m[2])] : undefined;
  }
  return v;
}

export class HandoverView {
  /**
   * @param {object} hooks
   * @param {() => object|null} hooks.getApp the application the form shows
   * @param {() => Promise} hooks.flushSave saves pending edits
   * @param {() => Promise} hooks.check runs "Kontrollera"; resolves to the problems
   * @param {(id: string, version: number) => Promise} hooks.open shows an application
   */
  constructor(form, hooks) {
    this.form = form;
    this.hooks = hooks;
    this.received = null;
    this.panel = document.getElementById('handover-panel');
    this.sidebarMessage = document.getElementById('handover-message');
    this.sendButton = document.getElementById('send-for-approval');
    this.sendButton.addEventListener('click', () => this.send());
    document.getElementById('open-from-file').addEventListener('click', () => this.openFromFile());
  }

  /** Called whenever the form shows another application. */
  async load(app) {
    this.received = null;
    this.sendButton.hidden = Boolean(app.seal);
    let record = null;
    try {
      record = await invoke('application_handover', { id: app.id, version: app.version });
    } catch {
      record = null;
    }
    if (this.hooks.getApp() !== app) return;
    this.received = record && !app.seal ? record.received : null;
    this.renderPanel(app, record);
    this.markChanges();
  }

  renderPanel(app, record) {
    clear(this.panel);
    const lines = [];
    if (app.seal) {
      lines.push(h('p', { class: 'handover-title' }, 'Så går ansökan vidare'),
        h('p', {}, 'Spara PDF-filen med ”Spara PDF…” och skicka den till kommunikatören '
          + '(registratorn), som för in kanalen i registret, och tillbaka till den som fyllde i ansökan. '
          + 'Skicka PDF-filen som den är: den signerade ansökan finns inbäddad i den.'));
    } else if (record && record.received_from) {
      lines.push(h('p', { class: 'handover-title' },
        `Mottagen ${shortDateTime(record.received_at)} från ${record.received_from}`),
      h('p', {}, 'Granska uppgifterna. Fält som du ändrar jämfört med det mottagna markeras med ”Ändrat”. '
        + 'När allt stämmer: signera längst ned och spara PDF-filen.'));
    } else if (record && record.sent_for_approval_at) {
      lines.push(h('p', { class: 'handover-title' },
        `Skickad för godkännande ${shortDateTime(record.sent_for_approval_at)}`),
      h('p', {}, 'När chefen har signerat får du tillbaka en PDF-fil. Öppna den med '
        + '”Öppna ansökan från fil…” så finns den signerade ansökan i din lista.'));
    }
    this.panel.append(...lines);
    this.panel.hidden = lines.length === 0;
  }

  /** Marks every field whose value differs from the received application. */
  markChanges() {
    for (const old of this.form.querySelectorAll('.changed-mark')) old.remove();
    for (const el of this.form.querySelectorAll('.is-changed')) el.classList.remove('is-changed');
    const app = this.hooks.getApp();
    if (!this.received || !app || app.seal) return;
    for (const input of this.form.querySelectorAll('[data-path]')) {
      const path = input.dataset.path;
      const now = valueAt(app, path);
      const then = valueAt(this.received, path);
      if ((now ?? '') === (then ?? '')) continue;
      input.classList.add('is-changed');
      const label = input.id ? this.form.querySelector(`label[for="${input.id}"]`) : null;
      const mark = h('span', { class: 'changed-mark' }, ' Ändrat');
      if (label) label.append(mark);
      else input.after(mark);
    }
  }

  say(text) {
    this.sidebarMessage.textContent = text;
  }

  async send() {
    const app = this.hooks.getApp();
    if (!app || app.seal) return;
    await this.hooks.flushSave();
    const problems = await this.hooks.check();
    if (problems && problems.length > 0) return;
    this.sendButton.disabled = true;
    try {
      const sent = await invoke('send_for_approval', { id: app.id, version: app.version });
      if (sent) {
        this.say(`PDF-filen är sparad som ${sent.path}. Skicka den till din chef med e-post eller `
          + 'lägg den i en delad mapp. Chefen öppnar den i Kanalansökan, signerar och skickar tillbaka PDF-filen.');
        await this.load(app);
        await this.hooks.refreshList();
      }
    } catch (err) {
      this.say(err.message);
    } finally {
      this.sendButton.disabled = false;
    }
  }

  async openFromFile() {
    await this.hooks.flushSave();
    try {
      const outcome = await invoke('open_application_file');
      if (outcome) await this.showOutcomes([outcome]);
    } catch (err) {
      this.say(err.message);
    }
  }

  /** Files dropped on the Ansökan view or given on the command line. */
  async openPending() {
    await this.hooks.flushSave();
    const results = await invoke('open_dropped_applications').catch((err) => [{ error: err }]);
    if (results.length > 0) await this.showOutcomes(results);
  }

  async showOutcomes(results) {
    const messages = results.map((r) => (r.error ? r.error.message : r.message));
    const last = [...results].reverse().find((r) => !r.error);
    if (last) await this.hooks.open(last.id, last.version);
    this.say(messages.join(' '));
  }
}
