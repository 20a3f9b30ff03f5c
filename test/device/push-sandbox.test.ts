import { fixedClock } from '../../src/shared/clock.js';
import { createSandboxPushNotifier } from '../../src/device/push/create-sandbox-push-notifier.js';

describe('sandbox push notifier', () => {
  const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));

  it('records each wake per device so the sandbox phone page can show it', async () => {
    const push = createSandboxPushNotifier(clock);
    await push.wake({ pushToken: 'sbx-phone-1', platform: 'web-sandbox' }, { requestId: 'req_1' });
    clock.advance(1000);
    await push.wake({ pushToken: 'sbx-phone-1', platform: 'web-sandbox' }, {});
    await push.wake({ pushToken: 'sbx-phone-2', platform: 'android' }, { requestId: 'req_2' });

    expect(push.wakesFor('sbx-phone-1')).toEqual([
      {
        at: new Date('2026-03-01T10:00:00Z'),
        platform: 'web-sandbox',
        hint: { requestId: 'req_1' },
        messageId: 'sandbox/messages/1',
      },
      {
        at: new Date('2026-03-01T10:00:01Z'),
        platform: 'web-sandbox',
        hint: {},
        messageId: 'sandbox/messages/2',
      },
    ]);
    expect(push.wakesFor('sbx-phone-2')).toHaveLength(1);
    expect(push.wakesFor('never-woken')).toEqual([]);
  });

  it('answers push.token-invalid for a token it was told is unregistered, and records nothing', async () => {
    const push = createSandboxPushNotifier(clock);
    push.markUnregistered('sbx-uninstalled');

    const r = await push.wake({ pushToken: 'sbx-uninstalled', platform: 'web-sandbox' }, {});

    expect(r).toMatchObject({ ok: false, code: 'push.token-invalid' });
    expect(push.wakesFor('sbx-uninstalled')).toEqual([]);
    push.reset();
    expect((await push.wake({ pushToken: 'sbx-uninstalled', platform: 'web-sandbox' }, {})).ok).toBe(true);
  });

  it('refuses request content in the hint just like the real adapter', async () => {
    const push = createSandboxPushNotifier(clock);
    await expect(
      push.wake({ pushToken: 'sbx', platform: 'ios' }, { requestId: 'Ola Nordmann' }),
    ).rejects.toThrow(/opaque/);
    expect(push.wakesFor('sbx')).toEqual([]);
  });

  it('does not let a caller change what was recorded', async () => {
    const push = createSandboxPushNotifier(clock);
    await push.wake({ pushToken: 'sbx', platform: 'web-sandbox' }, { requestId: 'r' });
    (push.wakesFor('sbx') as unknown[]).length = 0;
    expect(push.wakesFor('sbx')).toHaveLength(1);
  });
});
