// The only door to the Rust side. Tauri 2 injects window.__TAURI_INTERNALS__ into
// every page even without withGlobalTauri; its invoke() is what @tauri-apps/api uses.
// Errors always come back as {code, message, field} so the page has one shape to show.

/**
 * Calls a Tauri command.
 * @param {string} cmd command name, e.g. "save_draft"
 * @param {object} [args] named arguments
 * @returns {Promise<any>} the command's result; rejects with {code, message, field}
 */
export async function invoke(cmd, args = {}) {
  const internals = window.__TAURI_INTERNALS__;
  if (!internals || typeof internals.invoke !== 'function') {
    throw {
      code: 'ipc.unavailable',
      message: 'Sidan är inte öppnad i Kanalansökan och kan inte spara något.',
      field: null,
    };
  }
  try {
    return await internals.invoke(cmd, args);
  } catch (err) {
    throw asUserError(err);
  }
}

function asUserError(err) {
  if (err && typeof err === 'object' && typeof err.message === 'string' && 'code' in err) {
    return { code: String(err.code), message: err.message, field: err.field ?? null };
  }
  // Tauri's own failures (e.g. a refused permission) arrive as plain strings.
  return {
    code: 'ipc.failed',
    message: 'Något gick fel i programmet. Försök igen.',
    field: null,
    detail: String(err),
  };
}
