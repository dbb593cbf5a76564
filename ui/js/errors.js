// Showing validation problems: a summary at the top linking to each field, and the
// message beside its field, tied to it for screen readers (aria-describedby,
// aria-invalid). Problems are {code, field, message} from the Rust side.

import { h, clear } from './dom.js';
import { fieldId, parentPath } from './paths.js';

/**
 * The element a problem belongs to: the input, else its row or section. `idFor`
 * maps a path to an element id (the form's scheme unless a dialog has its own).
 */
export function targetFor(path, idFor = fieldId) {
  for (let p = path; p; p = parentPath(p)) {
    const el = document.getElementById(idFor(p));
    if (el) return el;
  }
  return null;
}

/** The control to focus for `el`: itself, or the first control inside a row/section. */
function focusable(el) {
  if (el.matches('input, select, textarea, button')) return el;
  const controls = [...el.querySelectorAll('input:not([disabled]), select:not([disabled]), textarea:not([disabled])')];
  // In a section ("at least two people") the first empty field is where to start typing.
  return controls.find((c) => c.type !== 'checkbox' && c.value === '') || controls[0] || el;
}

/** What the summary calls a field: its label ("E-post, ansvarig 1") or section heading. */
export function fieldName(target) {
  if (!target) return '';
  if (target.id) {
    const label = document.querySelector(`label[for="${CSS.escape(target.id)}"]`);
    if (label) return label.textContent.replace(/\s*\(.*\)$/, '').trim();
  }
  const legend = target.closest('fieldset')?.querySelector('legend');
  return legend ? legend.textContent.replace(/:$/, '').trim() : '';
}

/** Removes every message this module added. */
export function clearFieldErrors(root) {
  for (const msg of root.querySelectorAll('.field-error')) msg.remove();
  for (const el of root.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    restoreDescribedBy(el);
  }
  for (const el of root.querySelectorAll('.has-error')) el.classList.remove('has-error');
  for (const el of root.querySelectorAll('fieldset[data-describedby-base]')) restoreDescribedBy(el);
}

function restoreDescribedBy(el) {
  const base = el.dataset.describedbyBase;
  if (base === undefined) return;
  if (base) el.setAttribute('aria-describedby', base);
  else el.removeAttribute('aria-describedby');
  delete el.dataset.describedbyBase;
}

function describe(el, msgId) {
  if (el.dataset.describedbyBase === undefined) {
    el.dataset.describedbyBase = el.getAttribute('aria-describedby') || '';
  }
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  ids.unshift(msgId);
  el.setAttribute('aria-describedby', ids.join(' '));
}

/** Puts each problem's message beside its field (ids from `idFor`, see targetFor). */
export function showFieldErrors(root, problems, idFor = fieldId) {
  clearFieldErrors(root);
  let n = 0;
  const prefix = idFor === fieldId ? 'err' : `${root.id}-err`;
  for (const problem of problems) {
    const target = problem.field ? targetFor(problem.field, idFor) : null;
    if (!target) continue;
    const msgId = `${prefix}-${n++}`;
    const msg = h('p', { class: 'field-error', id: msgId },
      h('span', { class: 'sr-only' }, 'Fel: '), problem.message);
    if (target.matches('input, select, textarea')) {
      const cell = target.closest('.cell, .field') || target.parentElement;
      cell.classList.add('has-error');
      // A single field: the message just before the input, after its label and hint.
      // In a row of inputs: below, so the row's inputs stay aligned.
      if (target.type === 'checkbox') cell.append(msg);
      else if (cell.classList.contains('cell')) target.after(msg);
      else target.before(msg);
      target.setAttribute('aria-invalid', 'true');
      describe(target, msgId);
    } else {
      // A row or a whole section (e.g. "at least two people"): under its heading.
      target.classList.add('has-error');
      const anchor = target.matches('fieldset') ? target.querySelector('.row-head, .rows') : null;
      if (anchor) anchor.before(msg);
      else target.prepend(msg);
      // The section as a whole is described by the message; its inputs are not
      // marked invalid, since no one of them is wrong.
      describe(target, msgId);
    }
  }
}

/**
 * Fills the summary; moves focus to it when `focus` (after "Kontrollera").
 * Returns true when there were problems.
 */
export function showSummary(problems, { focus }) {
  const box = document.getElementById('error-summary');
  const ok = document.getElementById('check-ok');
  const list = document.getElementById('error-summary-list');
  clear(list);
  if (problems.length === 0) {
    box.hidden = true;
    ok.hidden = false;
    if (focus) ok.scrollIntoView({ block: 'center' });
    return false;
  }
  ok.hidden = true;
  document.getElementById('error-summary-title').textContent = problems.length === 1
    ? 'Ansökan har 1 fel som behöver rättas'
    : `Ansökan har ${problems.length} fel som behöver rättas`;
  for (const problem of problems) {
    const target = problem.field ? targetFor(problem.field) : null;
    const item = target
      ? h('a', {
        href: `#${target.id}`,
        'data-field': problem.field,
        onclick: (e) => {
          e.preventDefault();
          const el = focusable(target);
          el.focus();
          el.scrollIntoView({ block: 'center' });
        },
      }, summaryText(target, problem))
      : h('span', {}, problem.message);
    list.append(h('li', {}, item));
  }
  box.hidden = false;
  if (focus) {
    box.focus();
    box.scrollIntoView({ block: 'start' });
  }
  return true;
}

function summaryText(target, problem) {
  const name = fieldName(target);
  return name ? `${name}: ${problem.message}` : problem.message;
}

export function hideSummary() {
  document.getElementById('error-summary').hidden = true;
  document.getElementById('check-ok').hidden = true;
}
