import { err, ok, type Result } from '../../shared/result.js';

/**
 * A decoded CBOR (RFC 8949) data item, as far as this reader understands CBOR: unsigned and
 * negative integers (within ±2^53 − 1), byte strings (views into the caller's buffer, so a hash
 * covers exactly the bytes received), UTF-8 text strings, arrays and maps.
 */
export type CborValue = number | Uint8Array | string | readonly CborValue[] | CborMap;
/** Map keys are integers or text strings (what COSE and WebAuthn use); duplicates are refused. */
export type CborMap = ReadonlyMap<number | string, CborValue>;

export interface CborLimits {
  /** Largest input; default 64 KiB. */
  readonly maxBytes?: number;
  /** Deepest nesting of arrays and maps; default 8. */
  readonly maxDepth?: number;
  /** Data items in the whole input; default 1024. */
  readonly maxItems?: number;
}

type Read = Result<CborValue, 'cbor.malformed'>;

const MAJOR_UNSIGNED = 0;
const MAJOR_NEGATIVE = 1;
const MAJOR_BYTES = 2;
const MAJOR_TEXT = 3;
const MAJOR_ARRAY = 4;
const MAJOR_MAP = 5;
const MAJOR_TAG = 6;

const bad = (detail: string) => err('cbor.malformed', `CBOR: ${detail}`);

/**
 * Reads exactly one CBOR data item that fills `bytes`: definite lengths only, no tags, no
 * floats or simple values (true/false/null), no trailing bytes, valid UTF-8 in text, no
 * duplicate map keys. An attestation object needs nothing more, and each thing left out is
 * parser surface an attacker could aim at. Preferred (shortest) serialisation is not enforced:
 * whatever the signatures and hashes cover is checked on the received bytes, never a
 * re-encoding. Never throws.
 *
 * @example
 *   const r = readCbor(attestationObject, { maxBytes: 32_768 });
 *   // ok(Map { 'fmt' => 'apple-appattest', 'attStmt' => Map {…}, 'authData' => Uint8Array })
 */
export function readCbor(bytes: Uint8Array, limits: CborLimits = {}): Read {
  const maxBytes = limits.maxBytes ?? 65_536;
  const maxDepth = limits.maxDepth ?? 8;
  const maxItems = limits.maxItems ?? 1024;
  if (bytes.length === 0) return bad('empty input');
  if (bytes.length > maxBytes) return bad(`input longer than ${maxBytes} bytes`);

  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let p = 0;
  let items = 0;

  /** The argument of the head at `p` (after the initial byte): a safe integer or an error. */
  const argument = (info: number): number | string => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    // 28–30 are reserved; 31 is the indefinite-length marker (or "break").
    if (size === 0) return info === 31 ? 'indefinite lengths are not accepted' : 'reserved head';
    if (p + size > bytes.length) return 'truncated inside a head';
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + bytes[p++]!;
    return Number.isSafeInteger(value) ? value : 'integer or length out of range';
  };

  const item = (depth: number): Read => {
    if (++items > maxItems) return bad(`more than ${maxItems} data items`);
    if (p >= bytes.length) return bad('truncated before a data item');
    const initial = bytes[p++]!;
    const major = initial >> 5;
    if (major === MAJOR_TAG) return bad('tags are not accepted');
    if (major > MAJOR_TAG) return bad('floats and simple values are not accepted');
    const arg = argument(initial & 0x1f);
    if (typeof arg === 'string') return bad(arg);

    switch (major) {
      case MAJOR_UNSIGNED:
        return ok(arg);
      case MAJOR_NEGATIVE:
        // -1 - arg; arg ≤ 2^53 − 1 keeps the result within what a number holds exactly.
        if (arg >= Number.MAX_SAFE_INTEGER) return bad('integer out of range');
        return ok(-1 - arg);
      case MAJOR_BYTES:
      case MAJOR_TEXT: {
        if (arg > bytes.length - p) return bad('string longer than the input');
        // A view, not a copy, made with this module's constructor (a Buffer's subarray would be
        // a Buffer, and `instanceof` across realms is unreliable).
        const content = new Uint8Array(bytes.buffer, bytes.byteOffset + p, arg);
        p += arg;
        if (major === MAJOR_BYTES) return ok(content);
        try {
          return ok(text.decode(content));
        } catch {
          return bad('text string is not UTF-8');
        }
      }
      case MAJOR_ARRAY: {
        if (depth >= maxDepth) return bad(`nested deeper than ${maxDepth}`);
        // Every element takes at least one byte: a count beyond the rest is a lie, refused
        // before anything is allocated for it.
        if (arg > bytes.length - p) return bad('array longer than the input');
        const out: CborValue[] = [];
        for (let i = 0; i < arg; i++) {
          const element = item(depth + 1);
          if (!element.ok) return element;
          out.push(element.value);
        }
        return ok(out);
      }
      case MAJOR_MAP: {
        if (depth >= maxDepth) return bad(`nested deeper than ${maxDepth}`);
        if (arg > (bytes.length - p) / 2) return bad('map longer than the input');
        const out = new Map<number | string, CborValue>();
        for (let i = 0; i < arg; i++) {
          const key = item(depth + 1);
          if (!key.ok) return key;
          if (typeof key.value !== 'number' && typeof key.value !== 'string')
            return bad('map keys must be integers or text strings');
          // A second value for a key would let two readers of one object see different things.
          if (out.has(key.value)) return bad('duplicate map key');
          const value = item(depth + 1);
          if (!value.ok) return value;
          out.set(key.value, value.value);
        }
        return ok(out);
      }
      default:
        return bad('unknown major type'); // not reached: 6 and 7 are refused above
    }
  };

  const top = item(0);
  if (!top.ok) return top;
  if (p !== bytes.length) return bad('trailing bytes after the data item');
  return top;
}

/** Narrowing helpers for reading decoded structures without casts. */
export const isCborMap = (v: CborValue | undefined): v is CborMap => v instanceof Map;
export const isCborBytes = (v: CborValue | undefined): v is Uint8Array => v instanceof Uint8Array;
export const isCborArray = (v: CborValue | undefined): v is readonly CborValue[] => Array.isArray(v);
