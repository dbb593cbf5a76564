// The choices of how a manager approves, shared by the application (signing.js)
// and the closure notice (notice.js): the visible signature (drawn, typed, on
// paper; model.rs Signature) and how the approval is proven (issue 14: without a
// digital signature, with a card or token, with a certificate file).

import { h } from './dom.js';

/** The three ways to sign, as model.rs tags them. */
export const KINDS = [
  ['drawn', 'Rita underskrift'],
  ['typed', 'Skriv underskrift'],
  ['paper', 'Signeras på papper'],
];

/** How the approval is proven (issue 14): the view's choice, not stored in a draft. */
export const METHODS = [
  ['none', 'Utan elektronisk signatur'],
  ['token', 'Signera med e-legitimation eller kort'],
  ['file', 'Signera med certifikatfil'],
];

/**
 * One radio per `[value, label]` of `options`, named `name`, with ids
 * `${idPrefix}-${value}`; `onChoose(value)` when one is chosen. Returns the
 * option rows (`.signature-option`) and their inputs.
 */
export function radioOptions(name, idPrefix, options, onChoose, checked = null) {
  const rows = options.map(([value, label]) => {
    const id = `${idPrefix}-${value}`;
    return h('div', { class: 'signature-option' },
      h('input', {
        type: 'radio', name, id, value, checked: value === checked,
        onchange: () => onChoose(value),
      }),
      h('label', { for: id }, label));
  });
  return { rows, inputs: rows.map((r) => r.querySelector('input')) };
}
