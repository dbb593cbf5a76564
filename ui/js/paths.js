// Field paths are the Rust side's: "unit", "channels[1].address", "approval.date".
// The same string is each input's data-path, and maps to one element id.

/** "channels[1].address" -> ["channels", 1, "address"] */
export function parsePath(path) {
  const parts = [];
  for (const piece of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(piece);
    if (!m) return null;
    parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

/** "channels[1].address" -> "f-channels-1-address" (the input's id). */
export function fieldId(path) {
  return 'f-' + path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
}

/** The path one level up: "channels[1].address" -> "channels[1]" -> "channels" -> null. */
export function parentPath(path) {
  const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(path);
  return m ? m[1] : null;
}

export function getAt(obj, path) {
  const parts = parsePath(path);
  if (!parts) return undefined;
  let cur = obj;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[p];
  }
  return cur;
}

export function setAt(obj, path, value) {
  const parts = parsePath(path);
  if (!parts) return;
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p];
  }
  cur[parts[parts.length - 1]] = value;
}
