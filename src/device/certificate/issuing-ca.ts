import type { KeyObject, X509Certificate } from 'node:crypto';
import type { CaSignatureScheme } from './ca-signature-scheme.js';

/**
 * The CA that signs device certificates and their CRL, ready to use: made by `loadIssuingCa`
 * (PEM from configuration) or `generateSandboxIssuingCa`. `subjectName` is the DER of the CA
 * certificate's subject exactly as it appears there, so the issuer of every device certificate
 * and CRL is byte-identical to it (chain building compares names, and some stacks compare bytes).
 */
export interface IssuingCa {
  readonly certificate: X509Certificate;
  readonly certificateDer: Uint8Array;
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly subjectName: Uint8Array;
  /** The CA's subject key identifier: the authority key identifier of what it signs. */
  readonly keyIdentifier: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly signature: CaSignatureScheme;
  /** Generated at start-up: production configuration must refuse it. */
  readonly sandbox: boolean;
}
