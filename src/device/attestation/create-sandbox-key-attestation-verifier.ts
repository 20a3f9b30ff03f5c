import { createPublicKey } from 'node:crypto';
import { err, ok } from '../../shared/result.js';
import { attestationRequestSchema } from './attestation-request-schema.js';
import type { KeyAttestationVerifier } from './key-attestation-verifier.js';

/**
 * Sandbox adapter: accepts any well-formed public key, with or without evidence, and says so
 * plainly: level `none`, nothing checked. A policy that asks for `hardware` (eIDAS high) refuses
 * such a device, and production configuration refuses this adapter at start-up.
 *
 * @example
 *   const r = await createSandboxKeyAttestationVerifier().verify({ platform: 'web-sandbox', publicKeySpki, challenge });
 *   // ok({ level: 'none', details: { format: 'none', sandbox: true, evidenceChecked: false } })
 */
export function createSandboxKeyAttestationVerifier(): KeyAttestationVerifier {
  return {
    async verify(request) {
      const input = attestationRequestSchema.safeParse(request);
      if (!input.success) {
        const field = input.error.issues[0]?.path.join('.') || 'request';
        return err('attestation.malformed', `${field} is not valid`);
      }
      try {
        createPublicKey({ key: Buffer.from(input.data.publicKeySpki), format: 'der', type: 'spki' });
      } catch {
        // Even the sandbox must not store a key it could never verify a signature with.
        return err('attestation.malformed', 'publicKeySpki is not a DER SubjectPublicKeyInfo');
      }
      return ok({ level: 'none', details: { format: 'none', sandbox: true, evidenceChecked: false } });
    },
  };
}
