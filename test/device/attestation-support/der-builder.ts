/**
 * Just enough DER to build Android attestation certificates in tests, spelled like the ASN.1
 * (`seq`, `explicit(702, int(0))`) so the fixtures read like the schema they follow.
 */
const concat = (parts: readonly Uint8Array[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function identifier(tagClass: number, constructed: boolean, tagNumber: number): Uint8Array {
  const first = (tagClass << 6) | (constructed ? 0x20 : 0);
  if (tagNumber < 31) return Uint8Array.of(first | tagNumber);
  const digits: number[] = [];
  for (let v = tagNumber; v > 0; v = Math.floor(v / 128)) digits.unshift(v & 0x7f);
  return Uint8Array.of(first | 0x1f, ...digits.map((d, i) => (i < digits.length - 1 ? d | 0x80 : d)));
}

export const tlv = (tagClass: number, constructed: boolean, tagNumber: number, content: Uint8Array) =>
  concat([identifier(tagClass, constructed, tagNumber), length(content.length), content]);

function integerBytes(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return bytes[0]! & 0x80 ? concat([Uint8Array.of(0), bytes]) : new Uint8Array(bytes);
}

function oidBytes(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [a! * 40 + b!];
  for (const arc of rest) {
    const digits: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      digits.unshift(v & 0x7f);
      if (v < 128) break;
    }
    out.push(...digits.map((d, i) => (i < digits.length - 1 ? d | 0x80 : d)));
  }
  return Uint8Array.of(...out);
}

function time(d: Date): Uint8Array {
  const iso = d
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}/, '');
  return d.getUTCFullYear() < 2050
    ? tlv(0, false, 23, new Uint8Array(Buffer.from(iso.slice(2), 'ascii')))
    : tlv(0, false, 24, new Uint8Array(Buffer.from(iso, 'ascii')));
}

export const der = {
  seq: (...items: Uint8Array[]) => tlv(0, true, 16, concat(items)),
  set: (...items: Uint8Array[]) =>
    tlv(0, true, 17, concat([...items].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))))),
  int: (v: number | bigint) => tlv(0, false, 2, integerBytes(BigInt(v))),
  enumerated: (v: number) => tlv(0, false, 10, integerBytes(BigInt(v))),
  bool: (v: boolean) => tlv(0, false, 1, Uint8Array.of(v ? 0xff : 0)),
  octets: (b: Uint8Array) => tlv(0, false, 4, b),
  bits: (b: Uint8Array) => tlv(0, false, 3, concat([Uint8Array.of(0), b])),
  oid: (dotted: string) => tlv(0, false, 6, oidBytes(dotted)),
  utf8: (s: string) => tlv(0, false, 12, new Uint8Array(Buffer.from(s, 'utf8'))),
  time,
  explicit: (tagNumber: number, inner: Uint8Array) => tlv(2, true, tagNumber, inner),
  concat,
};
