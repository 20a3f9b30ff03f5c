import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { keyIdentifier } from '../../passport/factory/key-identifier.js';
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import { caSignatureScheme } from './ca-signature-scheme.js';
import type { IssuingCa } from './issuing-ca.js';
import { readCaCertificate } from './read-ca-certificate.js';
import { toPem } from './to-pem.js';

export type LoadIssuingCaError =
  | 'device-ca.unreadable-certificate'
  | 'device-ca.unreadable-key'
  | 'device-ca.unsupported-key'
  | 'device-ca.not-a-ca'
  | 'device-ca.key-usage'
  | 'device-ca.key-mismatch'
  | 'device-ca.not-valid-now';

export interface LoadIssuingCaInput {
  /** The CA certificate, PEM (one CERTIFICATE block) or DER. */
  readonly certPem: string | Uint8Array;
  /** The CA private key, PEM (PKCS#8, or SEC1 / PKCS#1) or a KeyObject. */
  readonly keyPem: string | KeyObject;
  /** When given, a CA certificate outside its validity period is refused. */
  readonly clock?: Clock;
  /** Marks a test CA given as files (e.g. a staging CA): production refuses sandbox CAs. */
  readonly sandbox?: boolean;
}

/**
 * Loads the issuing CA from configuration and checks what would otherwise surface later as
 * certificates nobody can verify: the certificate is a CA (basicConstraints cA), may sign
 * certificates and CRLs (keyUsage keyCertSign + cRLSign), the private key belongs to it, and
 * the key is one `caSignatureScheme` signs with. A CA certificate without a subject key
 * identifier gets one computed by RFC 5280 method (1), as the sandbox CA does.
 *
 * @example
 *   const ca = loadIssuingCa({ certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') });
 *   if (!ca.ok) throw new Error(`${ca.code}: ${ca.detail}`);
 */
export function loadIssuingCa(input: LoadIssuingCaInput): Result<IssuingCa, LoadIssuingCaError> {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(
      typeof input.certPem === 'string' ? input.certPem : Buffer.from(input.certPem),
    );
  } catch (e) {
    return err('device-ca.unreadable-certificate', `CA certificate: ${(e as Error).message}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = typeof input.keyPem === 'string' ? createPrivateKey(input.keyPem) : input.keyPem;
  } catch (e) {
    return err('device-ca.unreadable-key', `CA private key: ${(e as Error).message}`);
  }
  const signature = caSignatureScheme(privateKey);
  if (!signature.ok) return signature;
  if (!certificate.ca) {
    return err('device-ca.not-a-ca', 'the certificate has no basicConstraints with cA TRUE');
  }
  const certificateDer = new Uint8Array(certificate.raw);
  const parts = readCaCertificate(certificateDer);
  if (!parts.ok) return parts;
  // RFC 5280 §4.2.1.3: without keyUsage a certificate is not limited, but a CA we run ourselves
  // always states it, so its absence means the wrong file was configured.
  if (!parts.value.keyUsage?.keyCertSign || !parts.value.keyUsage.cRLSign) {
    return err('device-ca.key-usage', 'the CA certificate must have keyUsage keyCertSign and cRLSign');
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    return err('device-ca.key-mismatch', 'the private key does not belong to the CA certificate');
  }
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (input.clock) {
    const now = input.clock.now();
    if (now < notBefore || now > notAfter) {
      return err(
        'device-ca.not-valid-now',
        `the CA certificate is valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}`,
      );
    }
  }
  const publicKey = certificate.publicKey;
  return ok({
    certificate,
    certificateDer,
    certificatePem: toPem('CERTIFICATE', certificateDer),
    privateKey,
    publicKey,
    subjectName: parts.value.subjectName,
    keyIdentifier: parts.value.subjectKeyIdentifier ?? keyIdentifier(publicKey),
    notBefore,
    notAfter,
    signature: signature.value,
    sandbox: input.sandbox ?? false,
  });
}
