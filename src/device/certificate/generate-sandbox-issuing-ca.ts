import { generateKeyPairSync } from 'node:crypto';
import { der } from '../../passport/factory/der.js';
import { keyIdentifier } from '../../passport/factory/key-identifier.js';
import type { Clock } from '../../shared/clock.js';
import { caSignatureScheme } from './ca-signature-scheme.js';
import { DEVICE_CERTIFICATE_OID as OID } from './device-certificate-oid.js';
import { encodeDistinguishedName } from './encode-distinguished-name.js';
import type { IssuingCa } from './issuing-ca.js';
import { loadIssuingCa } from './load-issuing-ca.js';
import { randomSerial } from './random-serial.js';
import { signTbs } from './sign-tbs.js';
import { x509Extension } from './x509-extension.js';

/** The name every generated CA carries, so that anyone reading a certificate sees it is a test. */
const SANDBOX_ISSUING_CA_COMMON_NAME = 'TEST Passport eID issuing CA (not for production)';

export interface SandboxIssuingCaOptions {
  /** `p256` (default: fast, and the curve of the device keys) or `rsa3072`. */
  readonly keyType?: 'p256' | 'rsa3072';
  /** Default 10 years. */
  readonly validityDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Generates a self-signed issuing CA for the sandbox and tests: a new key at every start, so
 * nothing it signed survives a restart and nothing it signs can be confused with a real
 * certificate (`O` and `CN` say TEST, `sandbox: true` lets production configuration refuse it).
 * Profile: basicConstraints cA TRUE with pathLenConstraint 0 (it certifies device keys, never
 * another CA), keyUsage keyCertSign + cRLSign, both critical; subject key identifier by
 * RFC 5280 §4.2.1.2 method (1). Validity starts an hour before `clock.now()` so that a verifier
 * whose clock is a little behind still accepts it.
 *
 * @example
 *   const ca = generateSandboxIssuingCa(systemClock, { keyType: 'rsa3072' });
 */
export function generateSandboxIssuingCa(clock: Clock, options: SandboxIssuingCaOptions = {}): IssuingCa {
  const { privateKey, publicKey } =
    options.keyType === 'rsa3072'
      ? generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 0x10001 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signature = caSignatureScheme(privateKey);
  if (!signature.ok) throw new Error(`generateSandboxIssuingCa: ${signature.detail}`);
  const now = clock.now().getTime();
  const notBefore = new Date(now - 60 * 60 * 1000);
  const notAfter = new Date(now + (options.validityDays ?? 3650) * DAY_MS);
  const name = encodeDistinguishedName([
    [OID.countryName, der.printable('NO')],
    [OID.organizationName, der.utf8('TEST Passport eID (not for production)')],
    [OID.commonName, der.utf8(SANDBOX_ISSUING_CA_COMMON_NAME)],
  ]);
  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.int(randomSerial()),
    signature.value.algorithmIdentifier(),
    name,
    der.seq(der.time(notBefore), der.time(notAfter)),
    name,
    der.embed(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))),
    der.explicit(
      3,
      der.seq(
        x509Extension(OID.basicConstraints, true, der.seq(der.bool(true), der.int(0))),
        // keyCertSign (bit 5) + cRLSign (bit 6) = 0b0000_0110, one unused bit.
        x509Extension(OID.keyUsage, true, der.bits(Uint8Array.of(0x06), 1)),
        x509Extension(OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(publicKey))),
      ),
    ),
  );
  const loaded = loadIssuingCa({ certPem: signTbs(tbs, signature.value), keyPem: privateKey, sandbox: true });
  // Our own certificate failing our own checks is a bug, not an expected failure.
  if (!loaded.ok) throw new Error(`generateSandboxIssuingCa: ${loaded.code}: ${loaded.detail}`);
  return loaded.value;
}
