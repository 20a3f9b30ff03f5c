import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.js';
import { APP_ATTEST_AAGUID, type AppleAppAttestTrust, type AppleRoot } from './apple-app-attest-trust.js';
import { readAppleAuthenticatorData } from './apple-authenticator-data.js';
import { APPLE_NONCE_OID, readAppleNonce } from './apple-nonce-extension.js';
import type { AttestationErrorCode, VerifiedAttestation } from './key-attestation-verifier.js';
import { isCborArray, isCborBytes, isCborMap, readCbor } from './read-cbor.js';
import { normaliseSpki } from './normalise-spki.js';
import { readCertificateExtensions } from './read-certificate-extensions.js';

type Verdict = Result<VerifiedAttestation, AttestationErrorCode>;

const FORMAT = 'apple-appattest';

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const within = (cert: X509Certificate, now: Date) =>
  now.getTime() >= Date.parse(cert.validFrom) && now.getTime() <= Date.parse(cert.validTo);

/**
 * The client data the app hashes for `DCAppAttestService.attestKey(keyId, clientDataHash:)`:
 * the server challenge followed by SHA-256 of the device signing key's DER SubjectPublicKeyInfo.
 * App Attest keys only make assertions, so the device key is a second (Secure Enclave) key, and
 * this is what ties the genuine app instance to *that* key as well as to this challenge.
 */
export function appAttestClientData(challenge: Uint8Array, deviceKeySpki: Uint8Array): Buffer {
  return Buffer.concat([challenge, sha256(deviceKeySpki)]);
}

/**
 * Checks an Apple App Attest attestation object for a device key, following Apple's "Validating
 * apps that connect to your server" (developer.apple.com/documentation/devicecheck), steps 1–9:
 *
 * 0. the object is CBOR `{fmt: "apple-appattest", attStmt: {x5c: [credCert, intermediate],
 *    receipt}, authData}` (strict decoder, size-limited);
 * 1. credCert ← intermediate ← a configured Apple App Attestation root: names and signatures
 *    link, the intermediate (and root) are CAs and credCert is not, all three are within their
 *    validity at `now`;
 * 2–4. clientDataHash = SHA-256(challenge ‖ SHA-256(deviceKeySpki)); nonce =
 *    SHA-256(authData ‖ clientDataHash) equals the octet string in credCert's extension
 *    1.2.840.113635.100.8.2;
 * 5. keyId = SHA-256 of credCert's public key as an uncompressed P-256 point;
 * 6. authData's rpIdHash is SHA-256 of a configured App ID (`TeamID.bundleId`);
 * 7. authData's counter is 0;
 * 8. authData's AAGUID is the configured environment's (`appattest` + 7 zero bytes, or
 *    `appattestdevelop`);
 * 9. authData's credentialId equals keyId.
 *
 * Apple's step 5 compares keyId with the identifier the app sends; here nothing is sent, and
 * step 9 makes the same comparison against Apple-signed data. The receipt is not verified (it
 * only serves Apple's fraud-metric service); its length and hash are reported.
 */
export function verifyAppleAppAttest(
  input: {
    readonly attestation: Uint8Array;
    readonly publicKeySpki: Uint8Array;
    readonly challenge: Uint8Array;
  },
  trust: AppleAppAttestTrust,
  now: Date,
): Verdict {
  // 0. Shape.
  if (input.attestation.length > trust.maxAttestationBytes)
    return err(
      'attestation.malformed',
      `the attestation object is larger than ${trust.maxAttestationBytes} bytes`,
    );
  const decoded = readCbor(input.attestation, {
    maxBytes: trust.maxAttestationBytes,
    maxDepth: 6,
    maxItems: 256,
  });
  if (!decoded.ok) return err('attestation.malformed', decoded.detail);
  const object = decoded.value;
  if (!isCborMap(object)) return err('attestation.malformed', 'the attestation object is not a CBOR map');
  const fmt = object.get('fmt');
  if (typeof fmt !== 'string') return err('attestation.malformed', 'the attestation object has no fmt');
  if (fmt !== FORMAT) return err('attestation.unsupported-format', `fmt must be ${FORMAT}`);
  // Keys other than these are ignored, not refused: nothing vouches for them and nothing reads
  // them, and a field Apple adds later should not lock every iPhone out. Duplicates are refused
  // by the decoder, so no key can mean two things.
  const statement = object.get('attStmt');
  const authData = object.get('authData');
  if (!isCborMap(statement) || !isCborBytes(authData))
    return err('attestation.malformed', 'attStmt must be a map and authData a byte string');
  const x5c = statement.get('x5c');
  const receipt = statement.get('receipt');
  if (!isCborArray(x5c) || x5c.length !== 2 || !x5c.every(isCborBytes) || !isCborBytes(receipt))
    return err('attestation.malformed', 'attStmt must hold x5c [credCert, intermediate] and a receipt');
  const [credCertDer, intermediateDer] = x5c as readonly Uint8Array[];
  const auth = readAppleAuthenticatorData(authData);
  if (!auth.ok) return auth;

  let credCert: X509Certificate;
  let intermediate: X509Certificate;
  try {
    credCert = new X509Certificate(Buffer.from(credCertDer!));
    intermediate = new X509Certificate(Buffer.from(intermediateDer!));
  } catch {
    return err('attestation.malformed', 'a certificate in x5c cannot be parsed');
  }

  // 1. The chain.
  if (credCert.ca) return err('attestation.chain-invalid', 'the credential certificate is a CA');
  if (!intermediate.ca) return err('attestation.chain-invalid', 'the intermediate is not a CA');
  if (!within(credCert, now) || !within(intermediate, now))
    return err('attestation.chain-invalid', 'a certificate is not valid at this time');
  if (!credCert.checkIssued(intermediate) || !verifies(credCert, intermediate))
    return err('attestation.chain-invalid', 'the credential certificate is not signed by the intermediate');
  const root = trust.roots.find(
    (r: AppleRoot) => intermediate.checkIssued(r.certificate) && verifies(intermediate, r.certificate),
  );
  if (!root) return err('attestation.untrusted-root', 'the chain does not end at the App Attest root');
  if (!within(root.certificate, now))
    return err('attestation.chain-invalid', 'the App Attest root is not valid at this time');

  // 2–4. The nonce binds authData, this challenge and this device key to the certificate.
  // Normalised, so the hash is over the DER the app builds (the 91-byte P-256 SPKI).
  const deviceSpki = normaliseSpki(input.publicKeySpki);
  if (!deviceSpki) return err('attestation.malformed', 'publicKeySpki is not a DER SubjectPublicKeyInfo');
  const extensions = readCertificateExtensions(credCertDer!);
  if (!extensions.ok) return extensions;
  const nonceExtensions = extensions.value.filter((e) => APPLE_NONCE_OID.equals(e.oid));
  if (nonceExtensions.length !== 1)
    return err('attestation.malformed', 'the credential certificate must carry exactly one nonce extension');
  const certifiedNonce = readAppleNonce(nonceExtensions[0]!.value);
  if (!certifiedNonce.ok) return certifiedNonce;
  const clientDataHash = sha256(appAttestClientData(input.challenge, deviceSpki));
  const nonce = sha256(authData, clientDataHash);
  if (!sameBytes(nonce, certifiedNonce.value))
    return err(
      'attestation.challenge-mismatch',
      'the attestation was not made for this challenge and device key',
    );

  // 5. The App Attest key's identifier.
  const point = uncompressedP256Point(credCert);
  if (!point) return err('attestation.malformed', 'the credential certificate key is not P-256');
  const keyId = sha256(point);

  // 6. Our app.
  const app = trust.appIds.find((a) => sameBytes(a.rpIdHash, auth.value.rpIdHash));
  if (!app) return err('attestation.application-mismatch', 'the key was not made by the authenticator app');

  // 7. A new key: it has made no assertion yet.
  if (auth.value.signCount !== 0)
    return err('attestation.malformed', 'the counter of a newly attested key must be 0');

  // 8. The environment: a development-signed build is another app as far as production goes.
  if (!sameBytes(auth.value.aaguid, trust.aaguid)) {
    const other = trust.environment === 'production' ? 'development' : 'production';
    if (sameBytes(auth.value.aaguid, APP_ATTEST_AAGUID[other]))
      return err(
        'attestation.application-mismatch',
        `the key is from the App Attest ${other} environment; ${trust.environment} is required`,
      );
    return err('attestation.malformed', 'the AAGUID is not an App Attest AAGUID');
  }

  // 9. authData speaks of the certified key.
  if (!sameBytes(auth.value.credentialId, keyId))
    return err('attestation.key-mismatch', 'the credential id is not the certified key identifier');

  return ok({
    level: 'hardware',
    details: {
      format: FORMAT,
      appId: app.appId,
      environment: trust.environment,
      keyId: keyId.toString('base64'),
      receiptLength: receipt.length,
      receiptSha256: sha256(receipt).toString('hex'),
      rootFingerprint: root.fingerprint,
    },
  });
}

function verifies(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** 0x04 ‖ X ‖ Y of a P-256 key (what Apple hashes into the key identifier), or undefined. */
function uncompressedP256Point(cert: X509Certificate): Buffer | undefined {
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    return undefined;
  const { x, y } = key.export({ format: 'jwk' });
  if (!x || !y) return undefined;
  const X = Buffer.from(x, 'base64url');
  const Y = Buffer.from(y, 'base64url');
  if (X.length !== 32 || Y.length !== 32) return undefined;
  return Buffer.concat([Buffer.of(0x04), X, Y]);
}
