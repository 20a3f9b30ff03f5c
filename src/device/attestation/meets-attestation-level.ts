import type { AttestationLevel } from './key-attestation-verifier.js';

const RANK: Record<AttestationLevel, number> = { none: 0, software: 1, hardware: 2 };

/** Does `actual` satisfy a policy that asks for at least `required`? */
export function meetsAttestationLevel(actual: AttestationLevel, required: AttestationLevel): boolean {
  return RANK[actual] >= RANK[required];
}
