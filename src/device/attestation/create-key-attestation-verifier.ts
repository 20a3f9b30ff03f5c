import type { Clock } from '../../shared/clock.js';
import { err } from '../../shared/result.js';
import type { AndroidKeyAttestationOptions } from './android-key-attestation-options.js';
import type { AppleAppAttestOptions } from './apple-app-attest-options.js';
import { readAppleAppAttestTrust } from './apple-app-attest-trust.js';
import { attestationRequestSchema } from './attestation-request-schema.js';
import type { KeyAttestationVerifier } from './key-attestation-verifier.js';
import { readTrustAnchors } from './read-trust-anchors.js';
import { verifyAndroidKeyAttestation } from './verify-android-key-attestation.js';
import { verifyAppleAppAttest } from './verify-apple-app-attest.js';

/**
 * Real adapter. Android: Key Attestation (`verifyAndroidKeyAttestation`) against the configured
 * roots. iOS: Apple App Attest (`verifyAppleAppAttest`) when `apple` is configured (root, App
 * IDs, environment); without it `attestation.unsupported-format`, because refusing is honest and
 * accepting unchecked evidence would not be. `web-sandbox` keys are refused too: they belong to
 * the sandbox verifier, which production configuration does not allow.
 *
 * Both sets of roots are read here, at start-up, and a bad one throws.
 *
 * @example
 *   const verifier = createKeyAttestationVerifier(
 *     { android: { trustedRoots: [googleRootPem] }, apple: { trustedRoots: [appleRootPem], appIds: ['ABCDE12345.no.eid.app'], environment: 'production' } },
 *     systemClock,
 *   );
 *   await verifier.verify({ platform: 'ios', publicKeySpki, attestation, challenge });
 *   // ok({ level: 'hardware', details: { format: 'apple-appattest', appId: 'ABCDE12345.no.eid.app', … } })
 */
export function createKeyAttestationVerifier(
  options: { readonly android: AndroidKeyAttestationOptions; readonly apple?: AppleAppAttestOptions },
  clock: Clock,
): KeyAttestationVerifier {
  const anchors = readTrustAnchors(options.android.trustedRoots);
  const apple = options.apple ? readAppleAppAttestTrust(options.apple) : undefined;

  return {
    async verify(request) {
      const input = attestationRequestSchema.safeParse(request);
      if (!input.success) {
        const field = input.error.issues[0]?.path.join('.') || 'request';
        return err('attestation.malformed', `${field} is not valid`);
      }
      const { platform, publicKeySpki, attestation, challenge } = input.data;
      if (platform === 'ios') {
        if (!apple)
          return err('attestation.unsupported-format', 'Apple App Attest is not configured on this server');
        if (!attestation)
          return err('attestation.missing', 'an iOS key must come with its App Attest attestation object');
        return verifyAppleAppAttest({ attestation, publicKeySpki, challenge }, apple, clock.now());
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
