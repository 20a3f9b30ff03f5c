import type { Result } from '../../shared/result.js';

/** Where a wake goes: the token the app registered and the platform it runs on. */
export interface PushDevice {
  /** FCM registration token (or the sandbox phone's token). Never logged. */
  readonly pushToken: string;
  readonly platform: 'android' | 'ios' | 'web-sandbox';
}

/**
 * What the wake may carry. Deliberately nothing but an opaque id: push payloads pass through
 * Google and Apple, so names, codes and the relying party stay behind the app API.
 */
export interface WakeHint {
  /** Opaque request id (letters, digits, `-`, `_`; at most 64) the app may use to fetch at once. */
  readonly requestId?: string;
}

/** Accepted by the push service; says nothing about whether the phone got it. */
export interface WakeReceipt {
  /** The push service's message id, for support (`projects/…/messages/…` with FCM). */
  readonly messageId: string;
}

/**
 * Stable codes of a failed wake:
 * - `push.token-invalid`: the token is unregistered or malformed; forget it (the app registers a
 *   new one when it next starts).
 * - `push.rate-limited`: the push service refused for quota; do not retry this login's wake.
 * - `push.unavailable`: the push service did not answer or failed after retries; the user may
 *   open the app by hand, which fetches the pending request anyway.
 * - `push.rejected`: refused for a reason that retrying will not fix and that is not the token
 *   (our credentials, project or message): an operator problem, keep the token.
 */
export type PushErrorCode = 'push.token-invalid' | 'push.rate-limited' | 'push.unavailable' | 'push.rejected';

/**
 * Port to the push service that wakes the authenticator app. The wake carries no request
 * content; the app answers it by fetching pending requests over `/api/app/v1`. Adapters:
 * `createFcmPushNotifier` (Firebase Cloud Messaging HTTP v1, Android and iOS) and
 * `createSandboxPushNotifier` (in memory, for the sandbox phone page and tests).
 *
 * @example
 *   const r = await push.wake({ pushToken: device.pushToken, platform: device.platform }, { requestId });
 *   if (!r.ok && r.code === 'push.token-invalid') await devices.forgetPushToken(device.id);
 */
export interface PushNotifier {
  wake(device: PushDevice, hint: WakeHint): Promise<Result<WakeReceipt, PushErrorCode>>;
}
