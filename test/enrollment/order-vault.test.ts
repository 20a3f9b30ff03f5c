// The order vault on real Redis and the embedded store: encrypted records, atomic secret take,
// concurrent field updates that do not overwrite each other.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisOrderVault } from '../../src/enrollment/create-redis-order-vault.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';

const stores: [string, () => Redis][] = [
  ['real Redis', () => new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')],
  ['in-memory store', () => createRedisConnection(undefined, { name: 'enrollment-order-vault-test' })],
];

describe.each(stores)('order vault on %s', (_name, connect) => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = connect();
  });
  beforeEach(() => {
    prefix = `test-vault-${randomUUID()}`;
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.disconnect());
  const vault = () => createRedisOrderVault(redis, { prefix, secret: 's'.repeat(32) });

  test('the activation secret is shown once: of concurrent takes exactly one gets it', async () => {
    const v = vault();
    await v.putSecret('o1', 'ABCD-EFGH-JKLM', 60_000);
    const raw = await redis.get(`${prefix}:order-secret:o1`);
    expect(raw).not.toContain('ABCD');
    const taken = await Promise.all(Array.from({ length: 10 }, () => v.takeSecret('o1')));
    expect(taken.filter(Boolean)).toEqual(['ABCD-EFGH-JKLM']);
    expect(await v.takeSecret('o1')).toBeUndefined();
    expect(await v.takeSecret('never')).toBeUndefined();
  });

  test('concurrent updates of different fields both land', async () => {
    const v = vault();
    await v.put('o2', { pid: '01010112345' }, 60_000);
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => v.update('o2', { faceMatchScore: i / 10 })),
      v.update('o2', { readerConnected: true }),
      v.update('o2', { lastProblem: 'chip.mrz' }),
      v.update('o2', { paymentAttempt: 2 }),
    ]);
    expect(await v.get('o2')).toMatchObject({
      pid: '01010112345',
      readerConnected: true,
      lastProblem: 'chip.mrz',
      paymentAttempt: 2,
    });
    expect((await v.get('o2'))?.faceMatchScore).toBeDefined();
  });

  test('extend makes a record live longer, never shorter', async () => {
    const v = vault();
    await v.put('o3', { pid: '01010112345' }, 60_000);
    await v.extend('o3', 3_600_000);
    expect(await redis.pttl(`${prefix}:order-private:o3`)).toBeGreaterThan(3_500_000);
    await v.extend('o3', 1_000);
    expect(await redis.pttl(`${prefix}:order-private:o3`)).toBeGreaterThan(3_500_000);
  });
});
