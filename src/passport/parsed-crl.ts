/** A CRL reduced to what the chain check needs; the signature is checked against the CSCA before use. */
export interface ParsedCrl {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: { readonly oid: string; readonly params?: Uint8Array };
  readonly signature: Uint8Array;
  readonly issuer: string;
  readonly issuerKey: string;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  /** Upper-case hex serial numbers (leading zero bytes removed). */
  readonly revokedSerials: ReadonlySet<string>;
  readonly authorityKeyIdentifier?: string;
}
