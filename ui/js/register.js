// "Register": the registrar's view. Import signed PDFs (picker, folder, drop) with
// a verdict row per file, the register of channels with search, filter and sort,
// the detail of an application (versions, verification, Dnr, closing, gallring),
// the event log, and the exports. All data goes into the page as text nodes.

import { invoke, shownPhones } from './ipc.js';
import { h, clear, localDate, shortDateTime } from './dom.js';
import { TrustPanel, signatureBlock } from './trust.js';
import { PoliticiansPanel } from './politicians.js';
import { runDialog } from './dialog.js';

/** How often a running import is asked for new verdict rows. */
const POLL_MS = 120;
/** The log shows at most this many events (register.rs sends no more either). */
const MAX_ROWS = 500;

const COLUMNS = [
  { key: 'id', label: 'Nr', sort: 'id' },
  { key: 'platform', label: 'Plattform', sort: 'platform' },
  { key: 'address', label: 'Adress', sort: 'address' },
  { key: 'unit', label: 'Förvaltning/enhet', sort: 'unit' },
  { key: 'responsible', label: 'Ansvariga', sort: null },
  { key: 'since', label: 'Godkänd', sort: 'since' },
  { key: 'status', label: 'Status', sort: 'status' },
  { key: 'dnr', label: 'Dnr', sort: 'dnr' },
  { key: 'application', label: 'Ansökan', sort: 'application' },
];

const $ = (id) => document.getElementById(id);

function shortId(id) {
  return String(id || '').slice(0, 8);
}

function people(list) {
  return (list || []).map((p) => p.name).filter(Boolean).join(', ');
}

function statusText(row) {
  return row.status === 'avslutad' ? `Avslutad ${row.closed_on || ''}`.trim() : 'Aktiv';
}

export class RegisterView {
  constructor() {
    this.query = { text: '', unit: null, platform: null, status: null, sort: 'unit', descending: false };
    this.loaded = false;
    this.polling = null;
    this.shownVerdicts = 0;
    this.detailAppId = null;
    this.searchTimer = null;

    $('import-files').addEventListener('click', () => this.pick('register_choose_files'));
    $('import-folder').addEventListener('click', () => this.pick('register_choose_folder'));
    $('import-cancel').addEventListener('click', () => this.cancelImport());
    $('export-html').addEventListener('click', () => this.exportAs('html'));
    $('export-csv').addEventListener('click', () => this.exportAs('csv'));
    $('export-json').addEventListener('click', () => this.exportAs('json'));
    $('detail-back').addEventListener('click', () => this.closeDetail());
    // The skip link (index.html) points at the form's heading, which is hidden in
    // this view: it goes to the heading of whichever view is shown.
    document.querySelector('.skip-link')?.addEventListener('click', (e) => {
      const heading = ['form-title', 'register-title', 'detail-title']
        .map($).find((el) => el && el.getClientRects().length > 0);
      if (!heading) return;
      e.preventDefault();
      heading.focus();
      heading.scrollIntoView({ block: 'start' });
    });

    $('reg-search').addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.query.text = $('reg-search').value;
        this.refreshChannels();
      }, 150);
    });
    for (const [id, key] of [['reg-unit', 'unit'], ['reg-platform', 'platform'], ['reg-status', 'status']]) {
      $(id).addEventListener('change', () => {
        this.query[key] = $(id).value || null;
        this.refreshChannels();
      });
    }
    this.trust = new TrustPanel(() => this.refreshEvents());
    this.politicians = new PoliticiansPanel(() => this.refreshEvents());
    this.renderHead();
  }

  /** Called when the view is shown. */
  async show() {
    if (!this.loaded) {
      this.loaded = true;
      await this.refresh();
    }
    // A batch started from a drop while the view was hidden keeps reporting.
    $('register-title').focus();
  }

  async refresh() {
    await Promise.all([this.refreshChannels(), this.refreshEvents(), this.trust.refresh(),
      this.politicians.refresh()]);
  }

  // ---- Import -------------------------------------------------------------

  async pick(command) {
    let paths;
    try {
      paths = await invoke(command);
    } catch (err) {
      this.setSummary(err.message, 'error');
      return;
    }
    if (paths && paths.length) await this.startImport(paths);
  }

  /** Files dropped on the window (lib.rs keeps them until asked). */
  async takeDropped() {
    let paths = [];
    try {
      paths = await invoke('register_take_dropped');
    } catch (err) {
      this.setSummary(err.message, 'error');
      return;
    }
    if (paths.length) await this.startImport(paths);
  }

  async startImport(paths) {
    try {
      await invoke('register_import_start', { paths });
    } catch (err) {
      this.setSummary(err.message, 'error');
      return;
    }
    this.shownVerdicts = 0;
    clear($('verdict-rows'));
    $('verdicts-wrap').hidden = false;
    $('import-progress').hidden = false;
    $('import-cancel').disabled = false;
    $('import-files').disabled = true;
    $('import-folder').disabled = true;
    $('import-bar').value = 0;
    $('import-bar').max = 1;
    $('import-count').textContent = 'Läser filerna…';
    this.setSummary('', 'idle');
    this.poll();
  }

  async poll() {
    let status;
    try {
      status = await invoke('register_import_status', { from: this.shownVerdicts });
    } catch (err) {
      this.finishImport();
      this.setSummary(err.message, 'error');
      return;
    }
    for (const verdict of status.verdicts) this.appendVerdict(verdict);
    this.shownVerdicts += status.verdicts.length;
    $('import-bar').max = Math.max(status.total, 1);
    $('import-bar').value = status.done;
    $('import-count').textContent = `${status.done} av ${status.total} filer`;
    if (status.finished) {
      this.finishImport();
      this.setSummary(`Importen är klar: ${status.summary}`, status.cancelled ? 'warning' : 'done');
      $('import-summary').focus();
      await this.refresh();
      if (this.detailAppId) await this.openDetail(this.detailAppId, { focus: false });
    } else {
      this.polling = setTimeout(() => this.poll(), POLL_MS);
    }
  }

  finishImport() {
    clearTimeout(this.polling);
    this.polling = null;
    $('import-progress').hidden = true;
    $('import-files').disabled = false;
    $('import-folder').disabled = false;
  }

  async cancelImport() {
    $('import-cancel').disabled = true;
    $('import-count').textContent = 'Avbryter efter filen som importeras nu…';
    try {
      await invoke('register_import_cancel');
    } catch (err) {
      this.setSummary(err.message, 'error');
    }
  }

  setSummary(text, state) {
    const el = $('import-summary');
    el.textContent = text;
    el.dataset.state = state;
  }

  appendVerdict(v) {
    const name = v.file.split(/[\\/]/).pop() || v.file;
    const action = v.manual_registration
      ? h('button', {
        type: 'button', class: 'button button-small',
        'aria-label': `Registrera manuellt: ${name}`,
        onclick: (e) => this.manualRegistration(v, e.currentTarget),
      }, 'Registrera manuellt…')
      : (v.app_id && v.outcome !== 'rejected' && v.outcome !== 'failed'
        ? h('button', {
          type: 'button', class: 'button button-small',
          'aria-label': `Visa ansökan från ${name}`,
          onclick: () => this.openDetail(v.app_id),
        }, 'Visa')
        : '');
    $('verdict-rows').append(h('tr', { class: `verdict verdict-${v.outcome}` },
      h('td', { class: 'file', title: v.file }, name),
      h('td', {}, h('span', { class: `badge badge-${v.outcome}` }, v.label)),
      h('td', {}, v.message,
        v.digital_signature ? h('div', { class: 'verdict-signature' }, v.digital_signature) : '',
        ...(v.warnings || []).map((w) => h('div', { class: 'verdict-warning' }, `Varning: ${w.message}`))),
      h('td', {}, action)));
  }

  async manualRegistration(verdict, button) {
    const dialog = $('manual-dialog');
    const note = $('manual-note');
    const error = $('manual-error');
    note.value = '';
    error.textContent = '';
    const done = await runDialog(dialog, $('manual-form'), $('manual-cancel'), async () => {
      try {
        const result = await invoke('register_manual', { file: verdict.file, note: note.value });
        return result;
      } catch (err) {
        error.textContent = err.message;
        note.focus();
        return null;
      }
    });
    if (!done) return;
    const row = button.closest('tr');
    const cells = row.querySelectorAll('td');
    row.className = `verdict verdict-${done.outcome}`;
    clear(cells[1]);
    cells[1].append(h('span', { class: `badge badge-${done.outcome}` }, done.label));
    cells[2].textContent = done.message;
    clear(cells[3]);
    this.setSummary(`${verdict.file.split(/[\\/]/).pop()}: ${done.message}`, 'done');
    await this.refresh();
    $('import-summary').focus();
  }

  // ---- Channels -----------------------------------------------------------

  renderHead() {
    const tr = $('reg-channel-head');
    clear(tr);
    for (const col of COLUMNS) {
      const active = col.sort && this.query.sort === col.sort;
      const th = h('th', {
        scope: 'col',
        'aria-sort': active ? (this.query.descending ? 'descending' : 'ascending') : null,
      });
      if (col.sort) {
        const arrow = active ? (this.query.descending ? ' ▼' : ' ▲') : '';
        th.append(h('button', {
          type: 'button', class: 'sort-button',
          'aria-label': `Sortera på ${col.label}`,
          onclick: () => this.sortBy(col.sort),
        }, col.label, h('span', { 'aria-hidden': 'true' }, arrow)));
      } else {
        th.append(col.label);
      }
      tr.append(th);
    }
    tr.append(h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Åtgärd')));
  }

  async sortBy(column) {
    if (this.query.sort === column) this.query.descending = !this.query.descending;
    else {
      this.query.sort = column;
      this.query.descending = false;
    }
    this.renderHead();
    await this.refreshChannels();
    const button = [...$('reg-channel-head').querySelectorAll('button')]
      .find((b) => b.getAttribute('aria-label') === `Sortera på ${COLUMNS.find((c) => c.sort === column).label}`);
    if (button) button.focus();
  }

  async refreshChannels() {
    let list;
    try {
      list = await invoke('register_channels', { query: this.query });
    } catch (err) {
      $('reg-count').textContent = err.message;
      return;
    }
    this.fillOptions('reg-unit', list.options.units.map((u) => [u, u]), this.query.unit);
    this.fillOptions('reg-platform', list.options.platforms, this.query.platform);
    const tbody = $('reg-channel-rows');
    clear(tbody);
    if (list.total === 0) {
      $('reg-count').textContent = 'Registret är tomt. Importera signerade ansökningar ovan.';
      return;
    }
    const shown = list.rows;
    let count = `Visar ${list.matched} av ${list.total} kanaler (${list.active} aktiva).`;
    if (list.matched > shown.length) count += ` De första ${shown.length} visas; sök eller filtrera för att se fler.`;
    if (list.matched === 0) count = `Ingen av registrets ${list.total} kanaler matchar sökningen.`;
    $('reg-count').textContent = count;
    for (const row of shown) {
      tbody.append(h('tr', { class: row.status === 'avslutad' ? 'is-closed' : null },
        h('td', { class: 'num' }, String(row.id)),
        h('td', {}, row.platform_label),
        h('td', { class: 'address' }, row.address),
        h('td', {}, row.unit),
        h('td', {}, people(row.responsible)),
        h('td', { class: 'date' }, row.since),
        h('td', {}, h('span', { class: `badge badge-${row.status}` }, statusText(row))),
        h('td', {}, row.dnr || '–'),
        h('td', { class: 'app-ref' }, `${shortId(row.app_id)} v${row.version}`),
        h('td', {}, h('button', {
          type: 'button', class: 'button button-small',
          'aria-label': `Visa kanal ${row.id}, ${row.platform_label} ${row.address}`,
          onclick: () => this.openDetail(row.app_id),
        }, 'Visa'))));
    }
  }

  fillOptions(id, pairs, selected) {
    const select = $(id);
    const keep = select.options[0];
    clear(select);
    select.append(keep);
    for (const [value, label] of pairs) {
      select.append(h('option', { value, selected: value === selected ? true : null }, label));
    }
    select.value = selected || '';
  }

  async refreshEvents() {
    let events;
    try {
      events = await invoke('register_events');
    } catch (err) {
      return;
    }
    const tbody = $('event-rows');
    clear(tbody);
    if (events.length === 0) {
      tbody.append(h('tr', {}, h('td', { colspan: '3' }, 'Inga händelser ännu.')));
      return;
    }
    for (const e of events.slice(0, MAX_ROWS)) tbody.append(eventRow(e));
  }

  // ---- Exports ------------------------------------------------------------

  async exportAs(format) {
    const status = $('export-status');
    status.dataset.state = 'pending';
    status.textContent = 'Exporterar…';
    try {
      const result = await invoke('register_export', { format });
      if (!result) {
        status.textContent = '';
        return;
      }
      status.dataset.state = 'done';
      const what = format === 'html' ? 'aktiva kanaler' : 'kanaler';
      const blogs = result.politicians === 1 ? ' och 1 politikers blogg'
        : result.politicians > 1 ? ` och ${result.politicians} politikers bloggar` : '';
      status.textContent = `Sparat ${result.channels} ${what}${blogs} i ${result.path}`;
      await this.refreshEvents();
    } catch (err) {
      status.dataset.state = 'error';
      status.textContent = err.message;
    }
  }

  // ---- Detail -------------------------------------------------------------

  async openDetail(appId, { focus = true } = {}) {
    let detail;
    try {
      detail = await invoke('register_application', { appId });
    } catch (err) {
      $('reg-count').textContent = err.message;
      return;
    }
    // Stored numbers are E.164; the detail shows them the Swedish way.
    const signed = detail.versions[detail.versions.length - 1].application;
    const people = [...signed.responsible, ...signed.operators];
    const shown = await shownPhones(people);
    const phoneText = new Map(people.map((p, i) => [p.phone, shown[i]]));
    this.detailAppId = appId;
    $('register-main').hidden = true;
    $('register-detail').hidden = false;
    renderDetail(detail, phoneText, {
      openPdf: (v) => this.openPdf(v),
      setDnr: (row, input, status) => this.setDnr(row, input, status),
      close: (row) => this.closeChannel(row),
      dispose: () => this.dispose(detail),
    });
    if (focus) $('detail-title').focus();
  }

  async closeDetail() {
    this.detailAppId = null;
    $('register-detail').hidden = true;
    $('register-main').hidden = false;
    await this.refresh();
    $('register-title').focus();
  }

  async openPdf(version) {
    const status = $('detail-status');
    status.textContent = 'Öppnar PDF-filen…';
    try {
      await invoke('register_open_pdf', { appId: version.app_id, version: version.version });
      status.textContent = 'PDF-filen öppnades i datorns PDF-program.';
    } catch (err) {
      status.textContent = err.message;
    }
  }

  async setDnr(row, input, status) {
    try {
      const updated = await invoke('register_set_dnr', { channelId: row.id, dnr: input.value });
      await this.refreshEvents();
      // The detail is drawn again (its log has the change); the message goes beside the new field.
      await this.openDetail(row.app_id, { focus: false });
      const again = document.getElementById(`dnr-${row.id}`);
      const message = document.getElementById(`dnr-status-${row.id}`);
      if (message) message.textContent = updated.dnr ? `Dnr sparat: ${updated.dnr}` : 'Dnr borttaget.';
      if (again) again.focus();
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      status.textContent = err.message;
    }
  }

  async closeChannel(row) {
    const date = $('close-date');
    const reason = $('close-reason');
    const error = $('close-error');
    $('close-dialog-text').textContent = `${row.platform_label} ${row.address} (kanal ${row.id}). Kanalen finns kvar i registret, markerad som avslutad.`;
    date.value = localDate();
    reason.value = '';
    error.textContent = '';
    const done = await runDialog($('close-dialog'), $('close-form'), $('close-cancel'), async () => {
      try {
        return await invoke('register_close_channel', {
          channelId: row.id, date: date.value, reason: reason.value,
        });
      } catch (err) {
        error.textContent = err.message;
        (err.field === 'date' ? date : reason).focus();
        return null;
      }
    });
    if (!done) return;
    await this.openDetail(row.app_id, { focus: false });
    $('detail-status').textContent = `Kanal ${row.id} är avslutad ${done.closed_on}.`;
    $('detail-status').focus();
  }

  async dispose(detail) {
    const appId = detail.versions[0].app_id;
    const reference = $('dispose-reference');
    const reason = $('dispose-reason');
    const error = $('dispose-error');
    reference.value = '';
    reason.value = '';
    error.textContent = '';
    const done = await runDialog($('dispose-dialog'), $('dispose-form'), $('dispose-cancel'), async () => {
      try {
        return await invoke('register_dispose', { appId, reason: reason.value, reference: reference.value });
      } catch (err) {
        error.textContent = err.message;
        reference.focus();
        return null;
      }
    });
    if (!done) return;
    await this.closeDetail();
    $('reg-count').textContent = `Ansökan ${shortId(appId)} är gallrad (${done.versions.length} versioner).`;
  }
}

function eventRow(e) {
  return h('tr', {},
    h('td', { class: 'date' }, shortDateTime(e.at)),
    h('td', {}, e.kind_label),
    h('td', {}, e.summary));
}

/** The detail view of one application: current version's fields, channels, versions, log. */
function renderDetail(detail, phoneText, actions) {
  const current = detail.versions[detail.versions.length - 1];
  const app = current.application;
  $('detail-title').textContent = `Ansökan: ${app.unit}`;
  $('detail-lead').textContent = `Ansökan ${app.id} · version ${app.version} · godkänd ${app.approval.date} av ${app.approval.name}`;
  const body = $('detail-body');
  clear(body);

  body.append(h('p', { id: 'detail-status', class: 'detail-status', role: 'status', 'aria-live': 'polite', tabindex: '-1' }));

  // Verification of the current version's archived PDF.
  body.append(current.problem
    ? h('div', { class: 'verify verify-bad', role: 'alert' },
      h('h2', {}, 'Verifieringen misslyckades'), h('p', {}, current.problem.message))
    : h('div', { class: 'verify verify-ok' },
      h('h2', {}, 'Verifierad'),
      h('p', {}, 'Den arkiverade PDF-filen är oförändrad sedan importen, sigillet stämmer och sidorna visar samma uppgifter som ansökans data.')));

  // Issue 14: the digital signature, as verified at import.
  body.append(signatureBlock(current));

  // Channels with Dnr and closing.
  const channels = h('section', { class: 'card', 'aria-labelledby': 'detail-channels-title' },
    h('h2', { id: 'detail-channels-title' }, 'Kanaler'));
  const table = h('table', { class: 'table' },
    h('caption', { class: 'sr-only' }, 'Ansökans kanaler'),
    h('thead', {}, h('tr', {},
      ...['Nr', 'Plattform', 'Adress', 'Status', 'Dnr', 'Åtgärd'].map((t) => h('th', { scope: 'col' }, t)))));
  const tbody = h('tbody');
  for (const row of detail.channels) {
    const input = h('input', {
      id: `dnr-${row.id}`, type: 'text', class: 'dnr-input', value: row.dnr,
      'aria-label': `Dnr för kanal ${row.id}`,
    });
    const status = h('span', { id: `dnr-status-${row.id}`, class: 'dnr-status', role: 'status' });
    const save = h('button', {
      type: 'button', class: 'button button-small', onclick: () => actions.setDnr(row, input, status),
      'aria-label': `Spara Dnr för kanal ${row.id}`,
    }, 'Spara');
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        actions.setDnr(row, input, status);
      }
    });
    const closeButton = row.status === 'aktiv'
      ? h('button', {
        type: 'button', class: 'button button-small button-small-danger',
        'aria-label': `Avsluta kanal ${row.id}, ${row.platform_label} ${row.address}`,
        onclick: () => actions.close(row),
      }, 'Avsluta kanal…')
      : h('span', { class: 'closed-reason' }, row.close_reason || '');
    tbody.append(h('tr', { class: row.status === 'avslutad' ? 'is-closed' : null },
      h('td', { class: 'num' }, String(row.id)),
      h('td', {}, row.platform_label),
      h('td', { class: 'address' }, row.address),
      h('td', {}, h('span', { class: `badge badge-${row.status}` }, statusText(row))),
      h('td', {}, h('div', { class: 'dnr-cell' }, input, save), status),
      h('td', {}, closeButton)));
  }
  table.append(tbody);
  channels.append(h('div', { class: 'table-wrap' }, table));
  body.append(channels);

  // The application's fields, as signed.
  const dl = h('dl', { class: 'fields' });
  const add = (term, ...values) => dl.append(h('dt', {}, term), h('dd', {}, ...values));
  add('Förvaltning/enhetens namn', app.unit);
  // The register's rows carry the platform's name as read ("Facebook", or the free name).
  const platformOf = (c) => detail.channels.find((r) => r.address === c.address)?.platform_label
    || c.platform_name || c.platform;
  add('Socialt media', h('ul', {}, ...app.channels.map((c) => h('li', {}, `${platformOf(c)}: ${c.address}`))));
  add('Syftet med att delta', app.purpose);
  add('Målgruppen', app.audience);
  const personList = (list) => h('ul', {}, ...list.map((p) => h('li', {}, [p.name, phoneText.get(p.phone) ?? p.phone, p.email].filter(Boolean).join(' · '))));
  add('Ansvariga för kanalen', personList(app.responsible));
  add('Sköter det praktiska', personList(app.operators));
  add('Har läst riktlinjerna', app.guidelines_read ? 'Ja' : 'Nej');
  const kind = { drawn: 'ritad på skärmen', typed: 'skriven med tangentbordet', paper: 'med penna på papper' };
  // A version imported from a scan of the pen-signed page (issue 18): the scan is the record.
  const scanned = detail.versions.find((v) => v.version === app.version)?.scanned;
  add('Godkännande', `${app.approval.date}, ${app.approval.name} (underskrift ${kind[app.approval.signature?.kind] || 'saknas'}${scanned ? '; skannat original' : ''})`);
  add('Signerad', shortDateTime(app.signed_at));
  add('Sigill (SHA-256)', h('code', { class: 'seal' }, app.seal || ''));
  body.append(h('section', { class: 'card', 'aria-labelledby': 'detail-fields-title' },
    h('h2', { id: 'detail-fields-title' }, `Uppgifter i version ${app.version}`), dl));

  // Versions.
  const versions = h('section', { class: 'card', 'aria-labelledby': 'detail-versions-title' },
    h('h2', { id: 'detail-versions-title' }, 'Versioner'));
  const vt = h('table', { class: 'table' },
    h('caption', { class: 'sr-only' }, 'Ansökans versioner'),
    h('thead', {}, h('tr', {},
      ...['Version', 'Godkänd', 'Importerad', 'Fil', 'Verifiering', 'PDF'].map((t) => h('th', { scope: 'col' }, t)))));
  const vbody = h('tbody');
  for (const v of [...detail.versions].reverse()) {
    vbody.append(h('tr', {},
      h('td', { class: 'num' }, String(v.version)),
      h('td', { class: 'date' }, v.approval_date),
      h('td', { class: 'date' }, shortDateTime(v.imported_at)),
      h('td', { class: 'file' }, v.file_name, v.scanned ? ' (skanning av pappersoriginalet)' : ''),
      h('td', {}, v.problem ? h('span', { class: 'badge badge-rejected' }, v.problem.message) : h('span', { class: 'badge badge-imported' }, 'Verifierad')),
      h('td', {}, h('button', {
        type: 'button', class: 'button button-small',
        'aria-label': `${v.scanned ? 'Öppna skanningen' : 'Öppna PDF'} för version ${v.version}`,
        onclick: () => actions.openPdf(v),
      }, v.scanned ? 'Öppna skanningen' : 'Öppna PDF'))));
  }
  vt.append(vbody);
  versions.append(h('div', { class: 'table-wrap' }, vt));
  body.append(versions);

  // This application's events.
  const log = h('section', { class: 'card', 'aria-labelledby': 'detail-events-title' },
    h('h2', { id: 'detail-events-title' }, 'Händelser för ansökan'));
  const et = h('table', { class: 'table events' },
    h('caption', { class: 'sr-only' }, 'Händelser för ansökan'),
    h('thead', {}, h('tr', {}, ...['Tid', 'Händelse', 'Vad hände'].map((t) => h('th', { scope: 'col' }, t)))));
  et.append(h('tbody', {}, ...[...detail.events].reverse().map(eventRow)));
  log.append(h('div', { class: 'table-wrap' }, et));
  body.append(log);

  // Gallring: only when no channel is active.
  const anyActive = detail.channels.some((c) => c.status === 'aktiv');
  body.append(h('section', { class: 'card danger-zone', 'aria-labelledby': 'detail-dispose-title' },
    h('h2', { id: 'detail-dispose-title' }, 'Gallring'),
    h('p', { class: 'hint' }, anyActive
      ? 'Ansökan kan gallras först när alla dess kanaler är avslutade.'
      : 'Gallra ansökan enligt ett beslut. Beslutet och gallringen skrivs i händelseloggen.'),
    h('button', {
      type: 'button', class: 'button button-secondary', disabled: anyActive ? true : null,
      onclick: actions.dispose,
    }, 'Gallra ansökan…')));
}
