// Building DOM nodes without HTML strings: text always goes in as text nodes.

/**
 * h('button', {type: 'button', class: 'x', onclick: fn}, 'Text', childNode)
 * Strings among the children become text nodes, never markup.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

/** Removes every child of `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

// Dates and times are written out by hand in the Swedish (ISO) form rather than with
// toLocaleString('sv-SE'): that would load ICU's locale data into the page at start,
// ~1.8 MiB of the window's memory for formats this simple (issue 17).
const two = (n) => String(n).padStart(2, '0');

/** "2026-11-29" (ÅÅÅÅ-MM-DD) in the user's calendar; today by default. */
export function localDate(date = new Date()) {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** "14:03:27" in the user's clock. */
export function clockTime(date = new Date()) {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** "2026-11-29 14:03" (local time) from an RFC 3339 timestamp; the input itself if unparsable. */
export function shortDateTime(rfc3339) {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339 || '';
  return `${localDate(d)} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
