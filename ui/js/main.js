// Starts the window: opens the newest application (or a new draft), autosaves
// every edit, validates on "Kontrollera" and when a field is left.

import { invoke, shownPhones } from './ipc.js';
import { clockTime } from './dom.js';
import { FormView } from './form.js';
import { SigningView } from './signing.js';
import { clearFieldErrors, hideSummary, showFieldErrors, showSummary } from './errors.js';
import { confirmDelete, renderList } from './list.js';
import { fieldId, parentPath } from './paths.js';
import { HandoverView } from './handover.js';

/** Autosave waits this long after the last keystroke. */
const SAVE_DELAY_MS = 300;

const form = document.getElementById('application-form');
const statusEl = document.getElementById('save-status');

const state = {
  app: null,
  /** Fields the user has left at least once: their problems show on blur. */
  touched: new Set(),
  /** After "Kontrollera", every problem shows and the summary stays current. */
  showAll: false,
  saveTimer: null,
  /** Saves run one after another, in the order they were made. */
  saveChain: Promise.resolve(),
  pendingSaves: 0,
};

const view = new FormView(form, {
  onEdit: (path) => {
    scheduleSave();
    handover.markChanges();
    // A field that shows a problem is checked again as it is typed in, so the
    // message goes when the value is right, not at the next click: a message
    // vanishing on blur moved the page under a click and the click was lost.
    if (document.getElementById(fieldId(path))?.getAttribute('aria-invalid') === 'true') {
      refreshProblems({ focusSummary: false });
    }
  },
  onRowsChanged: () => {
    scheduleSave();
    refreshProblems({ focusSummary: false });
  },
  onLeave: (path) => {
    state.touched.add(path);
    refreshProblems({ focusSummary: false });
  },
});

// Issue 3: the signature, "Signera", the signed view and the PDF (js/signing.js).
const signing = new SigningView({
  form,
  getApp: () => state.app,
  onEdit: () => {
    scheduleSave();
    if (state.showAll) refreshProblems({ focusSummary: false });
  },
  onLeave: (path) => {
    state.touched.add(path);
    refreshProblems({ focusSummary: false });
  },
  flushSave: () => flushSave(),
  show: (app) => show(app),
  refreshList: () => refreshList(),
  revealProblems: () => { state.showAll = true; },
});

// Issue 13: handing the application over as a file (js/handover.js).
const handover = new HandoverView(form, {
  getApp: () => state.app,
  flushSave: () => flushSave(),
  check: () => check(),
  open: (id, version) => openApplication(id, version),
  refreshList: () => refreshList(),
});

// Issue 4: the registrar's view (js/register.js), beside "Ansökan". Its modules are
// loaded the first time it is opened (issue 17: the first view does not need them).
let registerView = null;
async function register() {
  if (!registerView) {
    const { RegisterView } = await import('./register.js');
    registerView = new RegisterView();
  }
  return registerView;
}

/** Shows "Ansökan" or "Register"; pending edits are saved before leaving the form. */
async function switchView(name) {
  const toRegister = name === 'register';
  if (toRegister) await flushSave();
  document.getElementById('view-application').hidden = toRegister;
  document.getElementById('view-register').hidden = !toRegister;
  document.getElementById('tab-application').setAttribute('aria-current', toRegister ? 'false' : 'page');
  document.getElementById('tab-register').setAttribute('aria-current', toRegister ? 'page' : 'false');
  document.title = toRegister ? 'Register – Kanalansökan' : 'Kanalansökan';
  if (toRegister) await (await register()).show();
  else document.getElementById('form-title').focus();
}

function setStatus(kind, text) {
  statusEl.dataset.state = kind;
  statusEl.textContent = text;
}

function scheduleSave() {
  if (!state.app || state.app.seal) return;
  clearTimeout(state.saveTimer);
  setStatus('pending', 'Sparar…');
  state.saveTimer = setTimeout(saveNow, SAVE_DELAY_MS);
}

/** Saves the current draft now (also used before switching to another one). */
function saveNow() {
  clearTimeout(state.saveTimer);
  state.saveTimer = null;
  if (!state.app || state.app.seal) return state.saveChain;
  const snapshot = structuredClone(state.app);
  state.pendingSaves += 1;
  state.saveChain = state.saveChain.then(async () => {
    try {
      await invoke('save_draft', { app: snapshot });
      state.pendingSaves -= 1;
      if (state.pendingSaves === 0 && state.saveTimer === null) {
        setStatus('saved', `Sparat ${clockTime()}`);
      }
      await refreshList();
    } catch (err) {
      state.pendingSaves -= 1;
      setStatus('error', `Kunde inte spara: ${err.message}`);
    }
  });
  return state.saveChain;
}

/** Saves what is pending before the form shows another application. */
async function flushSave() {
  if (state.saveTimer !== null) saveNow();
  await state.saveChain;
}

function problemIsTouched(problem) {
  if (!problem.field) return false;
  if (state.touched.has(problem.field)) return true;
  // A section-level problem ("operators") shows once a field inside it was left.
  for (const t of state.touched) {
    for (let p = parentPath(t); p; p = parentPath(p)) if (p === problem.field) return true;
  }
  return false;
}

async function refreshProblems({ focusSummary }) {
  if (!state.app) return;
  const snapshot = structuredClone(state.app);
  let problems;
  try {
    problems = await invoke('validate_application', { app: snapshot });
  } catch (err) {
    setStatus('error', err.message);
    return;
  }
  if (state.app.id !== snapshot.id) return; // another application was opened meanwhile
  if (state.showAll) {
    showFieldErrors(form, problems);
    showSummary(problems, { focus: focusSummary });
  } else {
    showFieldErrors(form, problems.filter(problemIsTouched));
  }
  return problems;
}

async function check() {
  await flushSave();
  state.showAll = true;
  return refreshProblems({ focusSummary: true });
}

function show(app) {
  state.app = app;
  state.touched = new Set();
  state.showAll = false;
  hideSummary();
  clearFieldErrors(form);
  view.load(app);
  view.setReadOnly(Boolean(app.seal));
  document.getElementById('doc-kind').textContent = app.seal ? 'Signerad' : 'Utkast';
  document.getElementById('doc-version').textContent = `· version ${app.version} ·`;
  setStatus('idle', app.seal ? 'Kan inte ändras' : 'Sparas automatiskt');
  form.hidden = false;
  signing.load(app);
  handover.load(app);
  if (app.seal) showPhones(app);
}

/** The signed form shows the stored E.164 numbers the Swedish way. */
async function showPhones(app) {
  const shown = await shownPhones([...app.responsible, ...app.operators]);
  if (state.app === app) view.showPhones(shown);
}

async function refreshList() {
  let items;
  try {
    items = await invoke('list_applications');
  } catch (err) {
    setStatus('error', err.message);
    return [];
  }
  renderList(items, state.app, {
    open: (item) => openApplication(item.id, item.version),
    duplicate: async (item) => {
      await flushSave();
      try {
        show(await invoke('duplicate_application', { id: item.id, version: item.version }));
        await refreshList();
        document.getElementById('form-title').focus();
      } catch (err) {
        setStatus('error', err.message);
      }
    },
    remove: async (item) => {
      const title = item.unit && item.unit.trim() ? item.unit : 'Namnlös ansökan';
      if (!(await confirmDelete(title))) return;
      await flushSave();
      try {
        await invoke('delete_draft', { id: item.id, version: item.version });
      } catch (err) {
        setStatus('error', err.message);
        return;
      }
      if (state.app && state.app.id === item.id && state.app.version === item.version) {
        state.app = null;
        await openNewestOrNew();
      } else {
        await refreshList();
      }
    },
  });
  return items;
}

async function openApplication(id, version) {
  await flushSave();
  try {
    show(await invoke('get_application', { id, version }));
    await refreshList();
    document.getElementById('form-title').focus();
  } catch (err) {
    setStatus('error', err.message);
  }
}

async function newApplication() {
  await flushSave();
  show(await invoke('new_draft'));
  await refreshList();
  document.getElementById('f-unit').focus();
}

async function openNewestOrNew() {
  const items = await refreshList();
  const newest = items.find((i) => i.status === 'utkast') || items[0];
  if (newest) {
    show(await invoke('get_application', { id: newest.id, version: newest.version }));
    await refreshList();
  } else {
    await newApplication();
  }
}

/** "Om Kanalansökan": version and where the data and the log are kept. */
async function showAbout() {
  const dialog = document.getElementById('about-dialog');
  try {
    const info = await invoke('app_info');
    document.getElementById('about-version').textContent = info.version;
    document.getElementById('about-db').textContent = info.db_path || 'okänd';
    document.getElementById('about-archive').textContent = info.archive_dir || 'okänd';
    document.getElementById('about-log').textContent = info.log_dir || 'okänd';
  } catch (err) {
    document.getElementById('about-version').textContent = err.message;
  }
  dialog.showModal();
}

function showFatal(error, dbPath) {
  form.hidden = true;
  document.querySelector('.sidebar').hidden = true;
  document.body.classList.add('is-fatal');
  document.querySelector('.views').hidden = true;
  document.getElementById('fatal-message').textContent = error.message;
  document.getElementById('fatal-path').textContent = dbPath ? `Databasfil: ${dbPath}` : '';
  document.getElementById('fatal').hidden = false;
  document.title = 'Kanalansökan – fel';
}

async function start() {
  document.getElementById('check').addEventListener('click', check);
  document.getElementById('tab-application').addEventListener('click', () => switchView('application'));
  document.getElementById('tab-register').addEventListener('click', () => switchView('register'));
  document.getElementById('open-about').addEventListener('click', showAbout);
  // Closing the window: save what the autosave still waits for, then close
  // (desktop.rs asks with this event and closes anyway after a few seconds).
  window.addEventListener('kanalansokan-close', async () => {
    try {
      await flushSave();
      await invoke('register_import_cancel');
    } finally {
      await invoke('window_close_ready').catch(() => {});
    }
  });
  // Files dropped on the window (lib.rs sends this event): on the Ansökan view
  // they are opened as applications (issue 13), on the register view imported.
  window.addEventListener('kanalansokan-drop', async () => {
    if (!document.getElementById('view-application').hidden) {
      await handover.openPending();
      return;
    }
    await switchView('register');
    await (await register()).takeDropped();
  });
  document.getElementById('new-application').addEventListener('click', () => {
    newApplication().catch((err) => setStatus('error', err.message));
  });
  document.getElementById('report-typed-closure')
    .addEventListener('click', async () => {
      // Loaded when first used, as the register is (issue 17).
      const { reportTypedInClosure } = await import('./notice.js');
      await reportTypedInClosure();
    });
  // A last save when the window is hidden or closed, so at most a keystroke is lost.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveNow();
  });
  try {
    const info = await invoke('app_info');
    if (info.db_error) {
      showFatal(info.db_error, info.db_path);
      return;
    }
    await openNewestOrNew();
    // A file given on the command line (issue 13), now or by a second start.
    window.addEventListener('kanalansokan-open-files', () => handover.openPending());
    await handover.openPending();
    document.body.dataset.ready = 'true';
  } catch (err) {
    showFatal(err, null);
  }
}

start();
