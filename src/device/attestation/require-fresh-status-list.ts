import { err } from '../../shared/result.js';
import type { AttestationStatusList } from './attestation-status-list.js';
import type { KeyAttestationVerifier } from './key-attestation-verifier.js';

/**
 * Android enrolments need a current revocation list: a key leaked from a phone maker's factory
 * stays cryptographically valid for years, and only Google's status list says it must not be
 * trusted. With a list older than its allowed age the Android check would pass exactly the keys
 * it is meant to stop, so enrolment is refused (temporarily) instead; anyone able to cut us off
 * from Google would otherwise keep a revoked key usable. iOS and sandbox keys do not use the list.
 *
 * @example
 *   const verifier = requireFreshStatusList(createKeyAttestationVerifier(options, clock), statusList);
 */
export function requireFreshStatusList(
  verifier: KeyAttestationVerifier,
  list: Pick<AttestationStatusList, 'isFresh'>,
): KeyAttestationVerifier {
  return {
    async verify(request) {
      if (request.platform === 'android' && !list.isFresh())
        return err(
          'attestation.status-unavailable',
          'the attestation revocation list is not current; try again later',
        );
      return verifier.verify(request);
    },
  };
}
