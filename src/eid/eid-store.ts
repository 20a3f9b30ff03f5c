import type { Result } from '../shared/result.js';
import type { EidRecord } from './eid-record.js';

export type EidIssue = Omit<EidRecord, 'id' | 'status' | 'issuedAt' | 'activatedAt' | 'activation'>;

export type ActivationFailure = 'activation.invalid' | 'activation.expired' | 'activation.used';

/**
 * Issued eIDs, by identity number. Activation secrets are compared by hash only, and consuming
 * one is atomic: two apps racing with the same secret get one success.
 *
 * @example
 *   const { record, secret } = await eids.issue(person, { validForMs: 30 * 86_400_000 });
 *   // show `secret` once on the receipt
 *   const r = await eids.checkActivationSecret(pid, typedSecret); // at app enrolment
 *   const done = await eids.consumeActivation(pid, typedSecret);  // at "enable this eID"
 */
export interface EidStore {
  /**
   * Issues (or re-issues) the eID of `person.pid` with a fresh activation secret, returned once in
   * clear text. An active eID stays active (the secret then enables an additional app). A revoked
   * one stays revoked and its secret cannot be used: a new registration never undoes a support
   * revocation (fraud, stolen passport); callers should check `get()` first and refuse.
   */
  issue(person: EidIssue, options: { validForMs: number }): Promise<{ record: EidRecord; secret: string }>;
  get(pid: string): Promise<EidRecord | undefined>;
  /** Whether `secret` is this person's current, unexpired, unused activation secret. Changes nothing. */
  checkActivationSecret(pid: string, secret: string): Promise<Result<EidRecord, ActivationFailure>>;
  /** Consumes the secret and makes the eID `active`, in one atomic step. */
  consumeActivation(pid: string, secret: string): Promise<Result<EidRecord, ActivationFailure>>;
  /** Support: revoke (no login, no activation) or reinstate (back to `active` or `issued_not_activated`). */
  setRevoked(pid: string, revoked: boolean): Promise<Result<EidRecord, 'eid.not-found'>>;
}
