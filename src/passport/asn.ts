import * as asn1js from 'asn1js';

/**
 * Small, total accessors over asn1js nodes: each returns `undefined` instead of throwing when
 * the shape is not what was expected, so parsers turn surprises into coded failures.
 */
export const asn = Object.freeze({
  children(node: asn1js.AsnType | undefined): asn1js.AsnType[] | undefined {
    const v = (node as asn1js.Constructed | undefined)?.valueBlock?.value;
    return Array.isArray(v) ? (v as asn1js.AsnType[]) : undefined;
  },
  /** Universal SEQUENCE children. */
  seq(node: asn1js.AsnType | undefined): asn1js.AsnType[] | undefined {
    return node instanceof asn1js.Sequence ? node.valueBlock.value : undefined;
  },
  set(node: asn1js.AsnType | undefined): asn1js.AsnType[] | undefined {
    return node instanceof asn1js.Set ? node.valueBlock.value : undefined;
  },
  oid(node: asn1js.AsnType | undefined): string | undefined {
    return node instanceof asn1js.ObjectIdentifier ? node.valueBlock.toString() : undefined;
  },
  int(node: asn1js.AsnType | undefined): number | undefined {
    if (!(node instanceof asn1js.Integer)) return undefined;
    const n = node.valueBlock.valueDec;
    return Number.isSafeInteger(n) ? n : undefined;
  },
  intBytes(node: asn1js.AsnType | undefined): Uint8Array | undefined {
    return node instanceof asn1js.Integer ? node.valueBlock.valueHexView : undefined;
  },
  /** OCTET STRING contents, constructed (chunked BER) forms concatenated. */
  octets(node: asn1js.AsnType | undefined): Uint8Array | undefined {
    if (!(node instanceof asn1js.OctetString)) return undefined;
    try {
      return new Uint8Array(node.getValue());
    } catch {
      return undefined;
    }
  },
  bits(node: asn1js.AsnType | undefined): Uint8Array | undefined {
    return node instanceof asn1js.BitString ? node.valueBlock.valueHexView : undefined;
  },
  string(node: asn1js.AsnType | undefined): string | undefined {
    const v = (node as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
    return typeof v === 'string' ? v : undefined;
  },
  /** Context-specific tag number, or undefined for other classes. */
  context(node: asn1js.AsnType | undefined): number | undefined {
    return node && node.idBlock.tagClass === 3 ? node.idBlock.tagNumber : undefined;
  },
  /** The exact encoded bytes of the node as received. */
  raw(node: asn1js.AsnType): Uint8Array {
    return node.valueBeforeDecodeView;
  },
  /** UTCTime or GeneralizedTime as a Date. */
  time(node: asn1js.AsnType | undefined): Date | undefined {
    if (!(node instanceof asn1js.UTCTime) && !(node instanceof asn1js.GeneralizedTime)) return undefined;
    try {
      const d = node.toDate();
      return Number.isNaN(d.getTime()) ? undefined : d;
    } catch {
      return undefined;
    }
  },
  /** AlgorithmIdentifier → OID and encoded parameters (absent or NULL parameters give undefined). */
  algorithm(node: asn1js.AsnType | undefined): { oid: string; params?: Uint8Array } | undefined {
    const items = node instanceof asn1js.Sequence ? node.valueBlock.value : undefined;
    const oid =
      items && items[0] instanceof asn1js.ObjectIdentifier ? items[0].valueBlock.toString() : undefined;
    if (!items || !oid) return undefined;
    const p = items[1];
    if (!p || p instanceof asn1js.Null) return { oid };
    return { oid, params: p.valueBeforeDecodeView };
  },
});
