// Modal form dialogs, shared by the register's sections (js/register.js,
// js/politicians.js) and the closure notice (js/notice.js).

/**
 * Shows a modal form dialog; `submit` runs on "OK" and returns a result (closes the
 * dialog) or null (stays open, showing its error). Resolves with the result, or
 * null when cancelled. `canClose`, if given, is asked before cancelling (the button
 * or Escape): false keeps the dialog open, e.g. to warn once about unsaved work.
 */
export function runDialog(dialog, form, cancelButton, submit, canClose = () => true) {
  return new Promise((resolve) => {
    let busy = false;
    const finish = (value) => {
      form.removeEventListener('submit', onSubmit);
      cancelButton.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onEscape);
      dialog.close();
      resolve(value);
    };
    const onSubmit = async (event) => {
      event.preventDefault();
      if (busy) return;
      busy = true;
      const result = await submit();
      busy = false;
      if (result) finish(result);
    };
    const onCancel = () => {
      if (canClose()) finish(null);
    };
    const onEscape = (event) => {
      event.preventDefault();
      if (canClose()) finish(null);
    };
    form.addEventListener('submit', onSubmit);
    cancelButton.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onEscape);
    dialog.showModal();
  });
}
