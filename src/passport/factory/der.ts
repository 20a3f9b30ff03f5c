import * as asn1js from 'asn1js';

/**
 * Small DER building vocabulary over asn1js, so the factory files read like the ASN.1 modules
 * they implement (RFC 5280, RFC 5652, ICAO 9303-10) instead of like asn1js constructor calls.
 *
 * Every node is an asn1js block; `der.encode` turns one into bytes. `der.embed` takes bytes made
 * elsewhere (node's SPKI export, a certificate) and refuses anything that would not re-encode to
 * the same bytes, because a certificate re-encoded differently inside EF.SOD is a different
 * certificate.
 *
 * @example
 *   const bytes = der.encode(der.seq(der.oid('2.5.4.6'), der.printable('NO')));
 */
type Node = asn1js.AsnType;

/** X.509/CMS times must not carry fractions of a second. */
const wholeSeconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

export const der = {
  seq: (...value: Node[]): Node => new asn1js.Sequence({ value }),
  /** SET OF in DER is sorted by the encodings of its elements (X.690 §11.6). */
  setOf: (...value: Node[]): Node => {
    const sorted = value
      .map((v) => ({ v, b: Buffer.from(v.toBER()) }))
      .sort((a, b) => Buffer.compare(a.b, b.b))
      .map((x) => x.v);
    return new asn1js.Set({ value: sorted });
  },
  int: (value: number | bigint): Node => asn1js.Integer.fromBigInt(BigInt(value)),
  oid: (value: string): Node => new asn1js.ObjectIdentifier({ value }),
  null: (): Node => new asn1js.Null(),
  bool: (value: boolean): Node => new asn1js.Boolean({ value }),
  octets: (bytes: Uint8Array): Node => new asn1js.OctetString({ valueHex: bytes }),
  bits: (bytes: Uint8Array, unusedBits = 0): Node => new asn1js.BitString({ valueHex: bytes, unusedBits }),
  utf8: (value: string): Node => new asn1js.Utf8String({ value }),
  printable: (value: string): Node => new asn1js.PrintableString({ value }),
  /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
  time: (d: Date): Node =>
    d.getUTCFullYear() < 2050
      ? new asn1js.UTCTime({ valueDate: wholeSeconds(d) })
      : new asn1js.GeneralizedTime({ valueDate: wholeSeconds(d) }),
  utcTime: (d: Date): Node => new asn1js.UTCTime({ valueDate: wholeSeconds(d) }),
  /** [n] EXPLICIT */
  explicit: (tagNumber: number, inner: Node): Node =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [inner] }),
  /** [n] IMPLICIT over a constructed type (SET OF, SEQUENCE): the children keep their encoding. */
  implicitConstructed: (tagNumber: number, ...value: Node[]): Node =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value }),
  /** [n] IMPLICIT SET OF with DER ordering (e.g. CMS signedAttrs, certificates). */
  implicitSetOf: (tagNumber: number, ...value: Node[]): Node => {
    const sorted = value
      .map((v) => ({ v, b: Buffer.from(v.toBER()) }))
      .sort((a, b) => Buffer.compare(a.b, b.b))
      .map((x) => x.v);
    return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: sorted });
  },
  embed: (bytes: Uint8Array): Node => {
    const parsed = asn1js.fromBER(bytes);
    if (parsed.offset === -1 || parsed.offset !== bytes.length) {
      throw new Error(`der.embed: not a single DER element (${parsed.result.error || 'trailing bytes'})`);
    }
    const again = new Uint8Array(parsed.result.toBER());
    if (Buffer.compare(Buffer.from(again), Buffer.from(bytes)) !== 0) {
      throw new Error('der.embed: input is not DER (re-encoding differs)');
    }
    return parsed.result;
  },
  encode: (node: Node): Uint8Array => new Uint8Array(node.toBER()),
};
