// Certificate names as people read them. The core hands over distinguished names
// as RFC 4514 strings ("CN=Testkommunens CA,O=Smedjebackens kommun,C=SE"); a
// municipal employee should read "Testkommunens CA (Smedjebackens kommun)".

/** The attribute types shown, in this order: the name, then the organisation. */
const NAME_TYPES = ['CN', '2.5.4.3'];
const ORGANISATION_TYPES = ['O', '2.5.4.10', 'OU', '2.5.4.11'];

/** Undoes RFC 4514 §2.4 escaping: `\,` and `\C3\85` (UTF-8 bytes in hex). */
function unescape(value) {
  const bytes = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      const hex = value.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...encoder.encode(value[i + 1]));
        i += 1;
      }
    } else {
      bytes.push(...encoder.encode(c));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes)).trim();
}

/** The (type, value) pairs of an RFC 4514 string, split at unescaped `,` and `+`. */
export function parseDn(dn) {
  const pairs = [];
  let part = '';
  const text = String(dn ?? '');
  const flush = () => {
    const eq = part.indexOf('=');
    if (eq > 0) pairs.push([part.slice(0, eq).trim().toUpperCase(), unescape(part.slice(eq + 1))]);
    part = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      part += c + text[i + 1];
      i += 1;
    } else if (c === ',' || c === '+' || c === ';') {
      flush();
    } else {
      part += c;
    }
  }
  flush();
  return pairs;
}

/** The organisation of a distinguished name ("Smedjebackens kommun"), or null. */
export function organisationOf(dn) {
  return parseDn(dn).find(([t, v]) => ORGANISATION_TYPES.includes(t) && v)?.[1] ?? null;
}

/**
 * "Testkommunens CA (Smedjebackens kommun)" for
 * "CN=Testkommunens CA,O=Smedjebackens kommun,C=SE": the common name, and the
 * organisation in brackets when there is one. A name without either is shown
 * as it came, so nothing is hidden.
 */
export function readableName(dn) {
  const pairs = parseDn(dn);
  const first = (types) => pairs.find(([t, v]) => types.includes(t) && v)?.[1] ?? null;
  const name = first(NAME_TYPES);
  const organisation = first(ORGANISATION_TYPES);
  if (name && organisation && organisation !== name) return `${name} (${organisation})`;
  return name ?? organisation ?? String(dn ?? '');
}
