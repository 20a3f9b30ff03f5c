import type { Result } from '../../shared/result.js';
import type { AuthRequest, AuthRequestStatus } from './auth-request.js';

/** Outcome of `transition`: `ok`, or why not (the request's current status when it differs). */
export type TransitionOutcome = 'ok' | 'missing' | 'expired' | AuthRequestStatus;

/**
 * Push approval requests. A person has at most one pending request (`create` refuses a second
 * while the first is pending and unexpired); every status change is an atomic compare-and-set,
 * so an answer is taken once however many arrive.
 *
 * @example
 *   const made = await requests.create(request);            // err('request.pending-exists')
 *   await requests.transition(id, 'pending', 'approved', { respondedBy: deviceId });
 *   await requests.release(pid, id);                         // the person may start another
 */
export interface AuthRequestStore {
  create(request: AuthRequest): Promise<Result<AuthRequest, 'request.pending-exists'>>;
  get(id: string): Promise<AuthRequest | undefined>;
  /** The person's pending, unexpired request, if any. */
  pendingFor(pid: string): Promise<AuthRequest | undefined>;
  /** `from` → `to` if the status is `from` (and, from `pending`, not expired). */
  transition(
    id: string,
    from: AuthRequestStatus,
    to: AuthRequestStatus,
    fields?: Partial<Pick<AuthRequest, 'respondedBy' | 'userVerification' | 'failure'>>,
  ): Promise<TransitionOutcome>;
  /** Frees the person's "one pending request" slot if `id` still holds it. */
  release(pid: string, id: string): Promise<void>;
  /** The latest request of a browser login (interaction uid). */
  bindInteraction(uid: string, id: string): Promise<void>;
  forInteraction(uid: string): Promise<AuthRequest | undefined>;
}
