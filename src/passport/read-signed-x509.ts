import { ber, type BerNode } from './ber.js';

/** A certificate's or CRL's signed envelope, read. */
export interface SignedX509 {
  /** The elements of TBSCertificate / TBSCertList, for the caller to read its own fields from. */
  readonly tbsFields: readonly BerNode[];
  /**
   * Copies of the exact bytes, so that the parsed value neither pins nor follows the caller's
   * buffer, and the signature is later checked over what was signed, never over a re-encoding.
   */
  readonly parts: {
    readonly der: Uint8Array;
    readonly tbs: Uint8Array;
    readonly signatureAlgorithm: { readonly oid: string; readonly params?: Uint8Array };
    readonly signature: Uint8Array;
  };
}

/**
 * The SIGNED{} envelope that certificates and CRLs share (RFC 5280 §4.1.1.1–3, §5.1.1.1–3):
 * SEQUENCE { tbs SEQUENCE, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }.
 * `undefined` when `root` is not that shape, so each parser reports it with its own code.
 *
 * @example
 *   const signed = readSignedX509(der, decoded.value);
 *   if (!signed) return err('crl.malformed', 'not a CRL');
 */
export function readSignedX509(der: Uint8Array, root: BerNode): SignedX509 | undefined {
  const top = ber.seq(root);
  const tbsNode = top?.[0];
  const tbs = ber.seq(tbsNode);
  const sigAlg = ber.algorithm(top?.[1]);
  const signature = ber.bits(top?.[2]);
  if (!top || top.length !== 3 || !tbsNode || !tbs || !sigAlg || !signature) return undefined;
  return {
    tbsFields: tbs,
    parts: {
      der: Uint8Array.from(der),
      tbs: Uint8Array.from(ber.raw(tbsNode)),
      signatureAlgorithm: {
        oid: sigAlg.oid,
        ...(sigAlg.params ? { params: Uint8Array.from(sigAlg.params) } : {}),
      },
      signature: Uint8Array.from(signature),
    },
  };
}
