/**
 * `activate`: step 1 of the first activation, "enable this eID in this app".
 * `login`: a browser login (also step 2 of the first activation). `ciba`: a relying party's
 * backchannel request, no browser.
 */
export type AuthRequestKind = 'activate' | 'login' | 'ciba';

/**
 * `pending` → `approved` | `denied` (the app answered) | `failed` (approved, but what the approval
 * had to do could not be done, e.g. the activation secret was used meanwhile) → `completed` (the
 * browser or CIBA took the approval; single use). Expiry is not a status: a pending request
 * whose `expiresAt` has passed is expired.
 */
export type AuthRequestStatus = 'pending' | 'approved' | 'denied' | 'failed' | 'completed';

/** One push approval request: what the app shows and signs, and who may answer it. */
export interface AuthRequest {
  /** Opaque (`r_` + 22 base64url); the only thing a push wake carries. */
  readonly id: string;
  readonly kind: AuthRequestKind;
  readonly pid: string;
  /** The devices that may answer (all active devices, or the one being enabled). */
  readonly deviceIds: readonly string[];
  /** Server nonce the answer must sign (single use with the request). */
  readonly nonce: string;
  /** Short code shown in the browser and in the app; the user compares them. */
  readonly code: string;
  /** The relying party's display name (signed by the app: the user approves this name). */
  readonly rpName: string;
  /** CIBA `binding_message`, shown in the app. */
  readonly bindingMessage?: string;
  /** The OIDC interaction this request belongs to (browser logins). */
  readonly interactionUid?: string;
  /** oidc-provider's BackchannelAuthenticationRequest id (CIBA). */
  readonly cibaRequestId?: string;
  /** Which step of the first activation the page shows: 1 "enable", 2 "log in". */
  readonly step?: 1 | 2;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly status: AuthRequestStatus;
  /** Set when answered. */
  readonly respondedBy?: string;
  readonly userVerification?: 'pin' | 'biometric';
  readonly failure?: string;
}
