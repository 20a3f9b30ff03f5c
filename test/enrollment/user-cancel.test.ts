// A user's cancel racing a payment: the payment wins, the paid order is not cancelled into a refund.
import { createRedisOrderStore } from '../../src/enrollment/create-redis-order-store.js';
import { createRegistration } from '../../src/enrollment/create-registration.js';
import type { OrderStore } from '../../src/enrollment/order-store.js';
import type { RegistrationDeps } from '../../src/enrollment/registration-deps.js';
import { systemClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { chipVerifiedEvent } from '../support/order-events.js';

const chipVerified = chipVerifiedEvent;

test('a payment landing between the check and the cancel wins; the cancel changes nothing', async () => {
  const redis = createRedisConnection(undefined, { name: 'user-cancel-test' });
  const store = createRedisOrderStore(redis, {
    prefix: `cancel-${Date.now()}`,
    clock: systemClock,
    keySecret: 'k'.repeat(32),
  });
  const created = await store.create();
  if (!created.ok) throw new Error(created.code);
  const id = created.value.id;
  await store.apply(id, chipVerified);
  await store.apply(id, { type: 'registryMatched', key: 'reg-1', personRef: 'ref' });
  // The PSP's notification is handled right after the cancel read the order.
  const racing: OrderStore = {
    ...store,
    async get(orderId) {
      const seen = await store.get(orderId);
      await store.apply(orderId, { type: 'paymentConfirmed', key: 'psp:1', paymentRef: 'pay-1' });
      return seen;
    },
  };
  const registration = createRegistration({ orders: racing } as unknown as RegistrationDeps);
  await registration.cancel(id);
  expect(await store.get(id)).toMatchObject({ ok: true, value: { state: 'paid' } });
  redis.disconnect();
});
