import { err, ok, type Result } from '../shared/result.js';

/**
 * One element of a decoded BER/DER tree. Offsets point into `bytes`, the caller's buffer, so
 * `ber.raw` is always the exact bytes received (what is hashed or signed), never a re-encoding.
 */
export interface BerNode {
  readonly bytes: Uint8Array;
  /** Identifier octets as a number: 0x30 SEQUENCE, 0xA0 [0] constructed, 0x9F21 … */
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the identifier octets. */
  readonly start: number;
  /** Contents: `bytes[valueStart, valueEnd)` (for indefinite lengths, without the end-of-contents octets). */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** Offset after the element (after the end-of-contents octets for indefinite lengths). */
  readonly end: number;
  /** Constructed elements only. */
  readonly children: readonly BerNode[];
}

export interface BerLimits {
  /** Elements in the whole tree; master lists raise it. Default 20,000. */
  readonly maxNodes?: number;
  /** Nesting. Default 40. */
  readonly maxDepth?: number;
  /** Accept bytes after the first element (chip files are often padded). */
  readonly allowTrailing?: boolean;
}

const NONE: readonly BerNode[] = Object.freeze([]);
const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4;

class BerError extends Error {}

/**
 * A small bounded BER reader for CMS, X.509 and the LDS security object, replacing generic
 * asn1js decoding on the per-chip path (asn1js cost about a millisecond per EF.SOD). It builds
 * offsets only — contents are decoded on demand by the accessors below — and never throws:
 * nesting, element count, tag and length sizes are capped, lengths never run past their parent,
 * indefinite lengths are accepted on constructed elements only (as asn1js did), end-of-contents
 * only where it closes one, and high-tag-number and long-form lengths are read as BER allows.
 */
export const ber = Object.freeze({
  decode(bytes: Uint8Array, limits: BerLimits = {}): Result<BerNode, 'asn1.malformed'> {
    const ctx = { bytes, nodes: limits.maxNodes ?? 20_000, maxDepth: limits.maxDepth ?? 40 };
    try {
      const node = readNode(ctx, 0, bytes.length, 0);
      if (!limits.allowTrailing && node.end !== bytes.length)
        return err('asn1.malformed', 'bytes after the ASN.1 element');
      return ok(node);
    } catch (e) {
      if (e instanceof BerError) return err('asn1.malformed', `ASN.1 decoding failed: ${e.message}`);
      if (e instanceof RangeError) return err('asn1.malformed', 'ASN.1 decoding failed: too deep');
      throw e;
    }
  },
  /** The exact encoded bytes of the element as received. */
  raw(n: BerNode): Uint8Array {
    return n.bytes.subarray(n.start, n.end);
  },
  /** The contents octets (a view). */
  value(n: BerNode): Uint8Array {
    return n.bytes.subarray(n.valueStart, n.valueEnd);
  },
  /** Children of a universal SEQUENCE. */
  seq(n: BerNode | undefined): readonly BerNode[] | undefined {
    return n && n.tag === 0x30 ? n.children : undefined;
  },
  /** Children of a universal SET. */
  set(n: BerNode | undefined): readonly BerNode[] | undefined {
    return n && n.tag === 0x31 ? n.children : undefined;
  },
  /** Context-specific tag number ([0] → 0), primitive or constructed; undefined for other classes. */
  context(n: BerNode | undefined): number | undefined {
    if (!n || n.tag > 0xff || (n.tag & 0xc0) !== 0x80) return undefined;
    return n.tag & 0x1f;
  },
  oid(n: BerNode | undefined): string | undefined {
    return n && n.tag === 0x06 ? decodeOid(n.bytes, n.valueStart, n.valueEnd) : undefined;
  },
  /** INTEGER contents (two's complement, as encoded). */
  intBytes(n: BerNode | undefined): Uint8Array | undefined {
    return n && n.tag === 0x02 && n.valueEnd > n.valueStart ? ber.value(n) : undefined;
  },
  /** A small INTEGER as a number (undefined when empty or beyond 48 bits). */
  int(n: BerNode | undefined): number | undefined {
    const b = ber.intBytes(n);
    if (!b || b.length > 6) return undefined;
    let v = b[0]! & 0x80 ? -1 : 0;
    for (const x of b) v = v * 256 + x;
    return v;
  },
  /** OCTET STRING contents; constructed (chunked BER) forms concatenated. */
  octets(n: BerNode | undefined): Uint8Array | undefined {
    if (!n) return undefined;
    if (n.tag === 0x04) return ber.value(n);
    if (n.tag !== 0x24) return undefined;
    const parts: Uint8Array[] = [];
    for (const c of n.children) {
      const p = ber.octets(c);
      if (!p) return undefined;
      parts.push(p);
    }
    return Buffer.concat(parts);
  },
  /** BIT STRING contents without the unused-bits octet. */
  bits(n: BerNode | undefined): Uint8Array | undefined {
    return n && n.tag === 0x03 && n.valueEnd > n.valueStart
      ? n.bytes.subarray(n.valueStart + 1, n.valueEnd)
      : undefined;
  },
  boolean(n: BerNode | undefined): boolean | undefined {
    return n && n.tag === 0x01 && n.valueEnd === n.valueStart + 1 ? n.bytes[n.valueStart] !== 0 : undefined;
  },
  /** Character strings as text (UTF8, BMP and Universal decoded; the 8-bit types as Latin-1). */
  string(n: BerNode | undefined): string | undefined {
    if (!n) return undefined;
    const v = Buffer.from(n.bytes.buffer, n.bytes.byteOffset + n.valueStart, n.valueEnd - n.valueStart);
    switch (n.tag) {
      case 0x0c:
        return v.toString('utf8');
      case 0x1e: {
        if (v.length % 2 !== 0) return undefined;
        const swapped = Buffer.from(v);
        swapped.swap16();
        return swapped.toString('utf16le');
      }
      case 0x1c: {
        if (v.length % 4 !== 0) return undefined;
        let s = '';
        for (let i = 0; i < v.length; i += 4) {
          const cp = v.readUInt32BE(i);
          if (cp > 0x10ffff) return undefined;
          s += String.fromCodePoint(cp);
        }
        return s;
      }
      case 0x12:
      case 0x13:
      case 0x14:
      case 0x15:
      case 0x16:
      case 0x17:
      case 0x18:
      case 0x19:
      case 0x1a:
      case 0x1b:
      case 0x1d:
        return v.toString('latin1');
      default:
        return undefined;
    }
  },
  /** UTCTime (YYMMDDHHMMSSZ, years 50–99 → 19xx) or GeneralizedTime (YYYYMMDDHHMMSS[.f]Z). */
  time(n: BerNode | undefined): Date | undefined {
    if (!n || (n.tag !== 0x17 && n.tag !== 0x18)) return undefined;
    const s = Buffer.from(ber.value(n)).toString('latin1');
    const m =
      n.tag === 0x17
        ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
        : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?Z$/.exec(s);
    if (!m) return undefined;
    let year = Number(m[1]);
    if (n.tag === 0x17) year += year < 50 ? 2000 : 1900;
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    const [mo, d, h, mi, sec] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return undefined;
    const date = new Date(Date.UTC(year, mo - 1, d, h, mi, sec, ms));
    // Date.UTC rolls 31 February over into March; such a date is not a date.
    if (date.getUTCDate() !== d) return undefined;
    return date;
  },
  /** AlgorithmIdentifier → OID and encoded parameters (absent or NULL parameters give undefined). */
  algorithm(n: BerNode | undefined): { oid: string; params?: Uint8Array } | undefined {
    const items = ber.seq(n);
    const oid = ber.oid(items?.[0]);
    if (!items || !oid) return undefined;
    const p = items[1];
    if (!p || p.tag === 0x05) return { oid };
    return { oid, params: ber.raw(p) };
  },
});

interface Ctx {
  readonly bytes: Uint8Array;
  nodes: number;
  readonly maxDepth: number;
}

function readNode(ctx: Ctx, offset: number, limit: number, depth: number): BerNode {
  if (depth > ctx.maxDepth) throw new BerError('nesting too deep');
  if (--ctx.nodes < 0) throw new BerError('too many elements');
  const b = ctx.bytes;
  let p = offset;
  if (p >= limit) throw new BerError('truncated before the tag');
  const first = b[p++]!;
  // Universal tag 0 is reserved for end-of-contents, which only closes an indefinite length.
  if ((first & 0xdf) === 0) throw new BerError('end-of-contents outside an indefinite length');
  const constructed = (first & 0x20) !== 0;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let n = 1;
    for (;;) {
      if (p >= limit) throw new BerError('truncated inside a tag');
      if (++n > MAX_TAG_BYTES) throw new BerError('tag too long');
      const x = b[p++]!;
      tag = tag * 256 + x;
      if ((x & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw new BerError('truncated before the length');
  const l0 = b[p++]!;
  if (l0 === 0x80) {
    if (!constructed) throw new BerError('indefinite length on a primitive element');
    const children: BerNode[] = [];
    const valueStart = p;
    for (;;) {
      if (p + 1 < limit && b[p] === 0 && b[p + 1] === 0) {
        return { bytes: b, tag, constructed, start: offset, valueStart, valueEnd: p, end: p + 2, children };
      }
      const c = readNode(ctx, p, limit, depth + 1);
      children.push(c);
      p = c.end;
    }
  }
  let length: number;
  if (l0 < 0x80) length = l0;
  else {
    const n = l0 & 0x7f;
    if (n > MAX_LENGTH_BYTES) throw new BerError('length field too long');
    if (p + n > limit) throw new BerError('truncated inside the length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[p++]!;
  }
  if (length > limit - p) throw new BerError('length exceeds the data');
  const end = p + length;
  let children = NONE;
  if (constructed) {
    const list: BerNode[] = [];
    for (let q = p; q < end;) {
      const c = readNode(ctx, q, end, depth + 1);
      list.push(c);
      q = c.end;
    }
    children = list;
  }
  return { bytes: b, tag, constructed, start: offset, valueStart: p, valueEnd: end, end, children };
}

function decodeOid(b: Uint8Array, start: number, end: number): string | undefined {
  if (end <= start || (b[end - 1]! & 0x80) !== 0) return undefined;
  const arcs: (number | bigint)[] = [];
  let v = 0;
  let big: bigint | undefined;
  for (let i = start; i < end; i++) {
    const x = b[i]!;
    // A leading 0x80 is a non-minimal encoding of an arc.
    if (v === 0 && big === undefined && x === 0x80) return undefined;
    if (big !== undefined) big = big * 128n + BigInt(x & 0x7f);
    else if (v > 2 ** 45) big = BigInt(v) * 128n + BigInt(x & 0x7f);
    else v = v * 128 + (x & 0x7f);
    if ((x & 0x80) === 0) {
      arcs.push(big ?? v);
      v = 0;
      big = undefined;
    }
  }
  const f = arcs[0]!;
  const head =
    typeof f === 'bigint' ? `2.${f - 80n}` : f < 40 ? `0.${f}` : f < 80 ? `1.${f - 40}` : `2.${f - 80}`;
  return arcs.length === 1 ? head : `${head}.${arcs.slice(1).join('.')}`;
}
