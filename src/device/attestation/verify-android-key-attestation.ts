import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.js';
import type { AndroidKeyAttestationOptions } from './android-key-attestation-options.js';
import type { KeyDescription } from './key-description.js';
import type {
  AttestationErrorCode,
  AttestationLevel,
  VerifiedAttestation,
} from './key-attestation-verifier.js';
import { meetsAttestationLevel } from './meets-attestation-level.js';
import { normaliseCertificateSerial } from './normalise-certificate-serial.js';
import { normaliseSpki } from './normalise-spki.js';
import { parseKeyDescription } from './parse-key-description.js';
import { readCertificateExtensions } from './read-certificate-extensions.js';
import { readDerChildren } from './read-der-children.js';
import type { TrustAnchor } from './trust-anchor.js';

/** 1.3.6.1.4.1.11129.2.1.17, the Key Attestation extension, as OID content bytes. */
const KEY_DESCRIPTION_OID = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x01, 0x11]);
const KM_ORIGIN_GENERATED = 0;

type Verdict = Result<VerifiedAttestation, AttestationErrorCode>;

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks an Android Key Attestation certificate chain (leaf first) for a device key, after
 * "Verify hardware-backed key pairs with key attestation" (developer.android.com):
 *
 * 1. every certificate parses; each is signed by the next, issued by it (names), the issuer is a
 *    CA, and each is within its validity at `now`;
 * 2. the chain ends at a configured root: the last certificate's key is a trust anchor, or a
 *    trust anchor signed it;
 * 3. no certificate's serial is on the configured revocation list;
 * 4. the leaf's public key is exactly the key being registered;
 * 5. the KeyDescription extension appears in the leaf and nowhere else, and parses;
 * 6. attestationChallenge equals the server's challenge;
 * 7. optionally the attesting app (package name and signing-certificate digest) is ours;
 * 8. level: `hardware` when attestation and key security levels are TrustedEnvironment or
 *    StrongBox and the key was generated inside (hardware-enforced origin GENERATED), else
 *    `software`; for hardware keys a locked bootloader with `Verified` boot is required;
 * 9. the level meets `minimumLevel`.
 */
export function verifyAndroidKeyAttestation(
  input: { readonly chain: Uint8Array; readonly publicKeySpki: Uint8Array; readonly challenge: Uint8Array },
  anchors: readonly TrustAnchor[],
  options: AndroidKeyAttestationOptions,
  now: Date,
): Verdict {
  const elements = readDerChildren(input.chain, options.maxChainLength ?? 10);
  if (!elements.ok || elements.value.length === 0) {
    return err(
      'attestation.malformed',
      'the attestation is not a chain of DER certificates (at most the allowed length)',
    );
  }
  let certificates: X509Certificate[];
  try {
    certificates = elements.value.map((e) => new X509Certificate(e.raw));
  } catch {
    return err('attestation.malformed', 'a certificate in the chain cannot be parsed');
  }

  // 1. Links and validity.
  for (let i = 0; i < certificates.length; i++) {
    const cert = certificates[i]!;
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    if (!(now.getTime() >= from && now.getTime() <= to)) {
      return err('attestation.chain-invalid', `certificate ${i} is not valid at this time`);
    }
    const issuer = certificates[i + 1];
    if (!issuer) break;
    if (!issuer.ca) return err('attestation.chain-invalid', `certificate ${i + 1} is not a CA`);
    if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
      return err('attestation.chain-invalid', `certificate ${i} is not signed by certificate ${i + 1}`);
    }
  }

  // 2. Anchor.
  const last = certificates[certificates.length - 1]!;
  const lastSpki = last.publicKey.export({ type: 'spki', format: 'der' });
  const anchor =
    anchors.find((a) => a.spki.equals(lastSpki)) ??
    anchors.find((a) => {
      try {
        return last.verify(a.key);
      } catch {
        return false;
      }
    });
  if (!anchor)
    return err('attestation.untrusted-root', 'the chain does not end at a trusted attestation root');

  // 3. Revocation, against whatever list the caller keeps fresh.
  const revoked = options.revokedSerials?.();
  if (revoked && revoked.size > 0) {
    const listed = new Set([...revoked].map(normaliseCertificateSerial));
    const hit = certificates.findIndex((c) => listed.has(normaliseCertificateSerial(c.serialNumber)));
    if (hit >= 0) return err('attestation.revoked', `certificate ${hit} is on the revocation list`);
  }

  // 4. The attested key is the registered key.
  const registered = normaliseSpki(input.publicKeySpki);
  if (!registered) return err('attestation.malformed', 'publicKeySpki is not a DER SubjectPublicKeyInfo');
  const leafSpki = certificates[0]!.publicKey.export({ type: 'spki', format: 'der' });
  if (!leafSpki.equals(registered)) {
    return err('attestation.key-mismatch', 'the attestation certificate is for another key');
  }

  // 5. The extension, only in the leaf: one elsewhere would let an intermediate speak for the key.
  let description: KeyDescription | undefined;
  for (let i = 0; i < elements.value.length; i++) {
    const extensions = readCertificateExtensions(elements.value[i]!.raw);
    if (!extensions.ok) return extensions;
    const found = extensions.value.filter((e) => KEY_DESCRIPTION_OID.equals(e.oid));
    if (i > 0 && found.length > 0) {
      return err('attestation.chain-invalid', `certificate ${i} carries a key attestation extension`);
    }
    if (i === 0) {
      if (found.length !== 1) {
        return err('attestation.malformed', 'the leaf must carry exactly one key attestation extension');
      }
      const parsed = parseKeyDescription(found[0]!.value);
      if (!parsed.ok) return parsed;
      description = parsed.value;
    }
  }
  const kd = description!;

  // 6. Freshness: the key was attested for this registration.
  if (!sameBytes(kd.attestationChallenge, input.challenge)) {
    return err('attestation.challenge-mismatch', 'the attestation challenge is not the one issued');
  }

  // 7. The app that made the key.
  const app = kd.softwareEnforced.attestationApplicationId ?? kd.hardwareEnforced.attestationApplicationId;
  if (options.application) {
    const wantedDigests = new Set(options.application.signatureDigestsSha256.map((d) => d.toLowerCase()));
    const packageOk = app?.packageNames.some((p) => options.application!.packageNames.includes(p)) ?? false;
    const signerOk =
      app?.signatureDigests.some((d) => wantedDigests.has(Buffer.from(d).toString('hex'))) ?? false;
    if (!packageOk || !signerOk) {
      return err('attestation.application-mismatch', 'the key was not made by the authenticator app');
    }
  }

  // 8. Level.
  const hw = kd.hardwareEnforced;
  const inHardware =
    kd.attestationSecurityLevel !== 'Software' &&
    kd.keymasterSecurityLevel !== 'Software' &&
    hw.origin === KM_ORIGIN_GENERATED;
  const level: AttestationLevel = inHardware ? 'hardware' : 'software';
  if (level === 'hardware' && (options.requireVerifiedBoot ?? true)) {
    const root = hw.rootOfTrust;
    if (!root || !root.deviceLocked || root.verifiedBootState !== 'Verified') {
      return err(
        'attestation.device-not-verified',
        'the bootloader is unlocked or verified boot is not green',
      );
    }
  }

  // 9. Policy.
  const minimum = options.minimumLevel ?? 'hardware';
  if (!meetsAttestationLevel(level, minimum)) {
    return err(
      'attestation.insufficient-level',
      `the key is attested at level ${level}, ${minimum} is required`,
    );
  }

  const details: Record<string, string | number | boolean | readonly string[]> = {
    format: 'android-key',
    attestationVersion: kd.attestationVersion,
    attestationSecurityLevel: kd.attestationSecurityLevel,
    keymasterVersion: kd.keymasterVersion,
    keymasterSecurityLevel: kd.keymasterSecurityLevel,
    chainLength: certificates.length,
    rootFingerprint: anchor.fingerprint,
    leafFingerprint: createHash('sha256').update(elements.value[0]!.raw).digest('hex'),
    // Kept on the device record: when Google revokes a batch later, its devices can be found.
    chainSerials: certificates.map((c) => normaliseCertificateSerial(c.serialNumber)),
  };
  if (hw.origin !== undefined) details.origin = hw.origin;
  if (hw.rootOfTrust) {
    details.verifiedBootState = hw.rootOfTrust.verifiedBootState;
    details.deviceLocked = hw.rootOfTrust.deviceLocked;
  }
  if (app) details.packageNames = app.packageNames;
  return ok({ level, details });
}
