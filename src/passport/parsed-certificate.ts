/**
 * An X.509 certificate reduced to what eMRTD verification needs, with the exact DER kept so
 * that signatures are checked over the bytes that were signed, never over a re-encoding.
 */
export interface ParsedCertificate {
  readonly der: Uint8Array;
  /** The exact TBSCertificate bytes (what the issuer signed). */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: { readonly oid: string; readonly params?: Uint8Array };
  readonly signature: Uint8Array;
  /** RFC 4514-like, in the order of the certificate ("C=NL, O=…, CN=…"). */
  readonly subject: string;
  readonly issuer: string;
  /** Attribute/value pairs, normalised (type OID, trimmed lower-cased value) and sorted, for RDN-order-tolerant matching. */
  readonly subjectKey: string;
  readonly issuerKey: string;
  /** Raw DER of the subject/issuer Name, e.g. for CMS IssuerAndSerialNumber matching. */
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  /** Upper-case hex, leading zero bytes removed. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  /** Lower-case hex. */
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  /** Country attribute (C) of the subject, upper case, as written (ISO 3166 alpha-2 normally). */
  readonly country?: string;
  readonly isCa: boolean;
  readonly selfIssued: boolean;
}
