import type { Clock } from '../../shared/clock.js';
import { err } from '../../shared/result.js';
import type { AndroidKeyAttestationOptions } from './android-key-attestation-options.js';
import { attestationRequestSchema } from './attestation-request-schema.js';
import type { KeyAttestationVerifier } from './key-attestation-verifier.js';
import { readTrustAnchors } from './read-trust-anchors.js';
import { verifyAndroidKeyAttestation } from './verify-android-key-attestation.js';

/**
 * Real adapter. Android: Key Attestation (`verifyAndroidKeyAttestation`) against the configured
 * roots. iOS: `attestation.unsupported-format`, because Apple App Attest (a CBOR attestation
 * object with its own certificate chain, nonce and counters) is not implemented; refusing is
 * honest, accepting unchecked evidence would not be. `web-sandbox` keys are refused too: they
 * belong to the sandbox verifier, which production configuration does not allow.
 *
 * @example
 *   const verifier = createKeyAttestationVerifier({ android: { trustedRoots: [googleRootPem] } }, systemClock);
 *   await verifier.verify({ platform: 'android', publicKeySpki, attestation, challenge });
 *   // ok({ level: 'hardware', details: { format: 'android-key', keymasterSecurityLevel: 'StrongBox', … } })
 */
export function createKeyAttestationVerifier(
  options: { readonly android: AndroidKeyAttestationOptions },
  clock: Clock,
): KeyAttestationVerifier {
  const anchors = readTrustAnchors(options.android.trustedRoots);

  return {
    async verify(request) {
      const input = attestationRequestSchema.safeParse(request);
      if (!input.success) {
        const field = input.error.issues[0]?.path.join('.') || 'request';
        return err('attestation.malformed', `${field} is not valid`);
      }
      const { platform, publicKeySpki, attestation, challenge } = input.data;
      if (platform === 'ios') {
        return err('attestation.unsupported-format', 'Apple App Attest is not verified by this server yet');
      }
      if (platform === 'web-sandbox') {
        return err(
          'attestation.unsupported-format',
          'sandbox keys are only accepted by the sandbox verifier',
        );
      }
      if (!attestation)
        return err('attestation.missing', 'an Android key must come with its attestation chain');
      return verifyAndroidKeyAttestation(
        { chain: attestation, publicKeySpki, challenge },
        anchors,
        options.android,
        clock.now(),
      );
    },
  };
}
