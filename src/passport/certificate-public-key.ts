import type { KeyObject } from 'node:crypto';
import type { Result } from '../shared/result.js';
import { importSpki } from './import-spki.js';
import type { ParsedCertificate } from './parsed-certificate.js';

// Keyed by the parsed certificate object: a trust store's certificates live as long as the
// store, so their keys are imported once per load; a DSC is parsed afresh from every EF.SOD, so
// its key is imported once per verification and never outlives it.
const keys = new WeakMap<ParsedCertificate, Result<KeyObject, 'signature.bad-key'>>();

/** The certificate's public key as a node:crypto KeyObject, imported once per parsed certificate. */
export function certificatePublicKey(cert: ParsedCertificate): Result<KeyObject, 'signature.bad-key'> {
  let key = keys.get(cert);
  if (!key) {
    key = importSpki(cert.spki);
    keys.set(cert, key);
  }
  return key;
}
