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

/**
 * The people's stored (E.164) phone numbers as the window shows them ("0240-66 00 00"),
 * in order. If the Rust side cannot be asked, the numbers as stored: correct, only
 * less readable.
 * @param {{phone: string}[]} people
 * @returns {Promise<string[]>}
 */
export async function shownPhones(people) {
  const numbers = people.map((p) => p.phone);
  try {
    const shown = await invoke('display_phones', { numbers });
    return numbers.map((n, i) => (typeof shown[i] === 'string' ? shown[i] : n));
  } catch {
    return numbers;
  }
}

function asUserError(err) {
  // A command that reports several problems at once (sign_application) rejects
  // with a list of them: the first is the error, all are kept in `problems`.
  if (Array.isArray(err)) {
    const problems = err.map(asUserError);
    return { ...(problems[0] ?? asUserError(null)), problems };
  }
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
