import type { Clock } from '../../shared/clock.js';
import { err, ok } from '../../shared/result.js';
import type { PushDevice, PushNotifier, WakeHint } from './push-notifier.js';
import { wakeInputSchema } from './wake-input-schema.js';

/** One wake the sandbox received. */
export interface SandboxWake {
  readonly at: Date;
  readonly platform: PushDevice['platform'];
  readonly hint: WakeHint;
  readonly messageId: string;
}

/** The sandbox notifier plus what the sandbox phone page and tests look at. */
export interface SandboxPushNotifier extends PushNotifier {
  /** Wakes sent to this token, oldest first. */
  wakesFor(pushToken: string): readonly SandboxWake[];
  /** From now on this token answers `push.token-invalid`, as an uninstalled app's would. */
  markUnregistered(pushToken: string): void;
  /** Forget all wakes and unregistered tokens. */
  reset(): void;
}

/**
 * Sandbox adapter: no network; every wake is recorded per token so the sandbox phone page can
 * show that the phone "buzzed" (and then fetch the request over the app API like a real app).
 * The same input checks as FCM apply, so a hint that would leak content fails here too.
 *
 * @example
 *   const push = createSandboxPushNotifier(clock);
 *   await push.wake({ pushToken: 'sbx-1', platform: 'web-sandbox' }, { requestId: 'r1' });
 *   push.wakesFor('sbx-1').length; // 1
 */
export function createSandboxPushNotifier(clock: Clock): SandboxPushNotifier {
  const wakes = new Map<string, SandboxWake[]>();
  const unregistered = new Set<string>();
  let counter = 0;

  return {
    async wake(device, hint) {
      const input = wakeInputSchema.safeParse({ device, hint });
      if (!input.success) {
        if (input.error.issues.some((i) => i.path[0] === 'hint')) {
          throw new TypeError('push hint must be an opaque request id ([A-Za-z0-9_-]{1,64})');
        }
        return err('push.token-invalid', 'the push token is empty or too long');
      }
      const { pushToken, platform } = input.data.device;
      if (unregistered.has(pushToken)) return err('push.token-invalid', 'the sandbox token is unregistered');
      counter += 1;
      const wake: SandboxWake = Object.freeze({
        at: clock.now(),
        platform,
        hint: Object.freeze({ ...input.data.hint }),
        messageId: `sandbox/messages/${counter}`,
      });
      const list = wakes.get(pushToken) ?? [];
      list.push(wake);
      wakes.set(pushToken, list);
      return ok({ messageId: wake.messageId });
    },
    wakesFor: (pushToken) => [...(wakes.get(pushToken) ?? [])],
    markUnregistered: (pushToken) => {
      unregistered.add(pushToken);
    },
    reset: () => {
      wakes.clear();
      unregistered.clear();
      counter = 0;
    },
  };
}
