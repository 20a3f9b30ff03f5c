import type { PushDevice, WakeHint } from './push-notifier.js';

export interface FcmWakeMessageOptions {
  /** `alert` (default): a visible, generic notification; `background`: a silent content-available push. */
  readonly iosDelivery: 'alert' | 'background';
  /** How long a wake is worth delivering; a login request does not outlive it. */
  readonly ttlSeconds: number;
  /** Key of the app's localised notification text (`aps.alert.loc-key`). */
  readonly iosAlertLocKey: string;
  /** Same-key wakes replace each other on the device and in FCM's store-and-forward queue. */
  readonly collapseKey: string;
  readonly now: Date;
}

/**
 * The FCM HTTP v1 `message` for one wake. Only the target platform's block is set, so what is
 * sent is what that platform will act on.
 *
 * - Android: a data-only message (`data.type = "wake"`, optional `data.rid`) with
 *   `android.priority = "high"` so Doze does not hold it; the app must show a notification when
 *   it arrives or FCM deprioritises later wakes ("Set and manage Android message priority").
 * - iOS, `alert`: `apns-push-type: alert`, `apns-priority: 10`, with a `loc-key` only, so the
 *   text comes from the app bundle and the payload holds no words from us. Background pushes are
 *   "low priority … the system doesn't guarantee their delivery" and throttled to a few per hour
 *   (Apple, "Pushing background updates to your app"), which a waiting user cannot afford.
 * - iOS, `background`: `apns-push-type: background`, `apns-priority: 5` (FCM rejects data
 *   messages to Apple devices with priority 10), `content-available: 1`.
 * - Both: a collapse key (`android.collapse_key`, `apns-collapse-id`) and an expiry (`ttl`,
 *   `apns-expiration`), so a phone that comes back online gets one fresh wake, not a backlog.
 */
export function buildFcmWakeMessage(
  device: PushDevice,
  hint: WakeHint,
  options: FcmWakeMessageOptions,
): Record<string, unknown> {
  // FCM data values must be strings; keys avoid the reserved `from`, `gcm`, `google…` names.
  const data: Record<string, string> = { type: 'wake' };
  if (hint.requestId) data.rid = hint.requestId;
  const message: Record<string, unknown> = { token: device.pushToken, data };

  if (device.platform === 'android') {
    message.android = { priority: 'high', collapse_key: options.collapseKey, ttl: `${options.ttlSeconds}s` };
  } else {
    const expiration = String(Math.floor(options.now.getTime() / 1000) + options.ttlSeconds);
    const alert = options.iosDelivery === 'alert';
    message.apns = {
      headers: {
        'apns-push-type': alert ? 'alert' : 'background',
        'apns-priority': alert ? '10' : '5',
        'apns-collapse-id': options.collapseKey,
        'apns-expiration': expiration,
      },
      payload: {
        aps: alert
          ? { alert: { 'loc-key': options.iosAlertLocKey }, sound: 'default' }
          : { 'content-available': 1 },
      },
    };
  }
  return { message };
}
