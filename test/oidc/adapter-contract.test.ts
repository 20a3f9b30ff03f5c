// The contract every oidc-provider model relies on, checked against real Redis and against the
// embedded in-memory store: both must behave the same for the provider to behave the same.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import type { AdapterPayload } from 'oidc-provider';
import { createRedisAdapterFactory } from '../../src/oidc/redis-adapter.js';

const MODELS = [
  'Session',
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'ClientCredentials',
  'Client',
  'InitialAccessToken',
  'RegistrationAccessToken',
  'Interaction',
  'ReplayDetection',
  'PushedAuthorizationRequest',
  'Grant',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
];
const GRANT_BOUND = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
];

const stores: [string, () => Redis][] = [
  ['real Redis', () => new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')],
  ['in-memory store', () => createRedisConnection(undefined)],
];
// A Redis Cluster when one is at hand, e.g. TEST_REDIS_CLUSTER_NODES=127.0.0.1:7101,127.0.0.1:7102
// (the test helpers below only use the command surface the two share).
if (process.env.TEST_REDIS_CLUSTER_NODES) {
  const nodes = process.env.TEST_REDIS_CLUSTER_NODES.split(',');
  stores.push(['Redis Cluster', () => new Cluster(nodes) as unknown as Redis]);
}

/** Every key matching the pattern, from each master when the store is a Cluster. */
async function keysMatching(redis: Redis, pattern: string): Promise<string[]> {
  if (!(redis as { isCluster?: boolean }).isCluster) return redis.keys(pattern);
  const masters = (redis as unknown as Cluster).nodes('master');
  return (await Promise.all(masters.map((node) => node.keys(pattern)))).flat();
}

/** Redis Cluster's key → slot function (CRC16/XMODEM of the hash tag, mod 16384). */
function keySlot(key: string): number {
  let tagged = key;
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) tagged = key.slice(open + 1, close);
  }
  let crc = 0;
  for (const byte of Buffer.from(tagged)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

/**
 * Wraps a connection so that every adapter script and transaction records whether its keys share
 * one slot, the rule Redis Cluster enforces (CROSSSLOT) and a single node does not.
 */
function slotChecked(redis: Redis, violations: string[]): Redis {
  const numberOfKeys = new Map<string, number>();
  const checkedMulti = (multi: object): object => {
    const keys: string[] = [];
    const proxy: object = new Proxy(multi, {
      get(target, property) {
        const value = Reflect.get(target, property) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'exec') {
          return () => {
            if (new Set(keys.map(keySlot)).size > 1) violations.push(`MULTI: ${keys.join(' ')}`);
            return (value as () => unknown).call(target);
          };
        }
        // Every command the adapter puts in a transaction takes its key first.
        return (...args: unknown[]) => {
          keys.push(String(args[0]));
          (value as (...a: unknown[]) => unknown).apply(target, args);
          return proxy;
        };
      },
    });
    return proxy;
  };
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'multi') return () => checkedMulti(target.multi());
      if (property === 'defineCommand') {
        return (name: string, definition: { numberOfKeys: number; lua: string }) => {
          numberOfKeys.set(name, definition.numberOfKeys);
          return target.defineCommand(name, definition);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property === 'string' && numberOfKeys.has(property) && typeof value === 'function') {
        return (...args: unknown[]) => {
          const keys = args.slice(0, numberOfKeys.get(property)).map(String);
          if (new Set(keys.map(keySlot)).size > 1) violations.push(`${property}: ${keys.join(' ')}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const KEY_SECRET = randomBytes(32).toString('base64url');
/**
 * The name an id, uid, user code or grant id (model 'Grant') goes by in key names and grant
 * members: HMAC-SHA256(keySecret, `${model}\0${id}`), base64url (docs/redis-key-layout.md).
 */
const keyId = (model: string, id: string) =>
  createHmac('sha256', KEY_SECRET).update(`${model}\0${id}`).digest('base64url');

const DAY = 24 * 3600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(stores)('oidc-provider adapter contract on %s', (_name, connect) => {
  const prefix = `test:adapter:${randomUUID()}:`;
  const violations: string[] = [];
  let raw: Redis;
  let redis: Redis;
  let Adapter: ReturnType<typeof createRedisAdapterFactory>;
  const adapter = (model: string) => new Adapter(model);
  const keysOf = () => keysMatching(raw, `${prefix}*`);

  beforeAll(() => {
    raw = connect();
    redis = slotChecked(raw, violations);
    Adapter = createRedisAdapterFactory(redis, { prefix, keySecret: KEY_SECRET });
  });

  afterAll(async () => {
    await Promise.all((await keysOf()).map((key) => raw.del(key)));
    raw.disconnect();
  });

  const payloadFor = (model: string, extra: AdapterPayload = {}): AdapterPayload => ({
    iat: 1764111600,
    exp: 1764115200,
    jti: randomUUID(),
    kind: model,
    clientId: 'client-ø',
    scope: 'openid profile',
    claims: { id_token: { acr: { essential: true, values: ['idporten-loa-high'] } } },
    amr: ['Passport-App'],
    nested: { list: [1, 2.5, null, true, 'ä'], empty: {} },
    ...extra,
  });

  describe('upsert and find', () => {
    test.each(MODELS)('%s round-trips its payload exactly', async (model) => {
      const id = randomUUID();
      const extra: AdapterPayload = GRANT_BOUND.includes(model) ? { grantId: randomUUID() } : {};
      if (model === 'Session') extra.uid = randomUUID();
      if (model === 'DeviceCode') extra.userCode = `UC-${randomUUID().slice(0, 8)}`;
      const payload = payloadFor(model, extra);
      const copy = structuredClone(payload);

      await adapter(model).upsert(id, payload, 60);

      expect(payload).toEqual(copy);
      await expect(adapter(model).find(id)).resolves.toEqual(copy);
    });

    test('a missing id is not found, in every model', async () => {
      for (const model of MODELS) {
        await expect(adapter(model).find(randomUUID())).resolves.toBeUndefined();
      }
    });

    test('an upsert replaces the payload', async () => {
      const id = randomUUID();
      const grantId = randomUUID();
      await adapter('AccessToken').upsert(id, payloadFor('AccessToken', { grantId, scope: 'openid' }), 60);
      const second = payloadFor('AccessToken', { grantId, scope: 'openid profile' });
      await adapter('AccessToken').upsert(id, second, 60);
      await expect(adapter('AccessToken').find(id)).resolves.toEqual(second);
    });

    test('models do not see each other', async () => {
      const id = randomUUID();
      await adapter('Interaction').upsert(id, payloadFor('Interaction'), 60);
      await expect(adapter('Session').find(id)).resolves.toBeUndefined();
    });

    test('prefixes do not see each other', async () => {
      const id = randomUUID();
      await adapter('Client').upsert(id, payloadFor('Client'));
      const Other = createRedisAdapterFactory(redis, { prefix: `${prefix}other:`, keySecret: KEY_SECRET });
      await expect(new Other('Client').find(id)).resolves.toBeUndefined();
    });

    test('another keySecret finds nothing: it names every key', async () => {
      const id = randomUUID();
      await adapter('Client').upsert(id, payloadFor('Client'));
      const Other = createRedisAdapterFactory(redis, { prefix, keySecret: `${KEY_SECRET}-other` });
      await expect(new Other('Client').find(id)).resolves.toBeUndefined();
      await expect(adapter('Client').find(id)).resolves.toBeDefined();
    });

    test('a prefix with braces is refused', () => {
      expect(() => createRedisAdapterFactory(redis, { prefix: 'oidc:{x}:', keySecret: KEY_SECRET })).toThrow(
        /must not contain/,
      );
    });

    test('an empty keySecret is refused', () => {
      expect(() => createRedisAdapterFactory(redis, { prefix, keySecret: '' })).toThrow(/keySecret/);
    });

    test('ids that look like other key spaces find nothing and break nothing', async () => {
      const uid = randomUUID();
      const sessionId = randomUUID();
      await adapter('Session').upsert(sessionId, payloadFor('Session', { uid }), 60);
      for (const id of [`uid:Session:${uid}`, `x}`, `{grant:${uid}}`, '']) {
        await expect(adapter('Session').find(id)).resolves.toBeUndefined();
        await expect(adapter('AccessToken').find(id)).resolves.toBeUndefined();
      }
    });
  });

  describe('expiry', () => {
    test.each(['Session', 'AuthorizationCode', 'PushedAuthorizationRequest', 'Grant', 'DeviceCode'])(
      '%s keys carry a TTL no longer than expiresIn',
      async (model) => {
        const id = randomUUID();
        const grantId = randomUUID();
        const extra: AdapterPayload = { grantId };
        if (model === 'Session') extra.uid = randomUUID();
        if (model === 'DeviceCode') extra.userCode = randomUUID();
        await adapter(model).upsert(model === 'Grant' ? grantId : id, payloadFor(model, extra), 30);

        const names = [keyId(model, id), keyId('Grant', grantId)];
        if (extra.uid) names.push(keyId(model, extra.uid));
        if (extra.userCode) names.push(keyId(model, extra.userCode));
        const keys = (await keysOf()).filter((key) => names.some((name) => key.includes(name)));
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) {
          const pttl = await raw.pttl(key);
          expect(pttl).toBeGreaterThan(0);
          // A grant's member set is kept a day longer than its longest-lived member.
          expect(pttl).toBeLessThanOrEqual(key.endsWith(':members') ? 30_000 + DAY : 30_000);
        }
      },
    );

    test('entries without expiresIn (Client) are kept without TTL', async () => {
      const id = randomUUID();
      await adapter('Client').upsert(id, payloadFor('Client'));
      const [key] = (await keysOf()).filter((k) => k.includes(keyId('Client', id)));
      expect(key).toBeDefined();
      await expect(raw.pttl(key!)).resolves.toBe(-1);
    });

    test('a re-upsert without expiry drops an earlier TTL', async () => {
      const id = randomUUID();
      await adapter('Client').upsert(id, payloadFor('Client'), 30);
      await adapter('Client').upsert(id, payloadFor('Client'));
      const [key] = (await keysOf()).filter((k) => k.includes(keyId('Client', id)));
      expect(key).toBeDefined();
      await expect(raw.pttl(key!)).resolves.toBe(-1);
    });

    test('the grant member set lives as long as its longest-lived member', async () => {
      const grantId = randomUUID();
      await adapter('RefreshToken').upsert(randomUUID(), payloadFor('RefreshToken', { grantId }), 3600);
      await adapter('AccessToken').upsert(randomUUID(), payloadFor('AccessToken', { grantId }), 60);
      const [members] = (await keysOf()).filter(
        (k) => k.includes(keyId('Grant', grantId)) && k.endsWith(':members'),
      );
      const pttl = await raw.pttl(members!);
      expect(pttl).toBeGreaterThan(3_600_000 - 5_000);
      expect(pttl).toBeLessThanOrEqual(3_600_000 + DAY);
    });

    test('expired entries and their indexes are gone', async () => {
      const sessionId = randomUUID();
      const uid = randomUUID();
      const codeId = randomUUID();
      const userCode = randomUUID();
      await adapter('Session').upsert(sessionId, payloadFor('Session', { uid }), 0.3);
      await adapter('AuthorizationCode').upsert(
        codeId,
        payloadFor('AuthorizationCode', { grantId: randomUUID() }),
        0.3,
      );
      await adapter('DeviceCode').upsert(randomUUID(), payloadFor('DeviceCode', { userCode }), 0.3);
      await sleep(450);
      await expect(adapter('Session').find(sessionId)).resolves.toBeUndefined();
      await expect(adapter('Session').findByUid(uid)).resolves.toBeUndefined();
      await expect(adapter('AuthorizationCode').find(codeId)).resolves.toBeUndefined();
      await expect(adapter('DeviceCode').findByUserCode(userCode)).resolves.toBeUndefined();
    });
  });

  describe('secondary lookups', () => {
    test('findByUid finds the session, and follows a rotated session id', async () => {
      const uid = randomUUID();
      const first = randomUUID();
      const rotated = randomUUID();
      await adapter('Session').upsert(first, payloadFor('Session', { uid, jti: first }), 60);
      await expect(adapter('Session').findByUid(uid)).resolves.toMatchObject({ jti: first });

      // oidc-provider saves the session under its new id and destroys the old one.
      await adapter('Session').upsert(rotated, payloadFor('Session', { uid, jti: rotated }), 60);
      await adapter('Session').destroy(first);
      await expect(adapter('Session').findByUid(uid)).resolves.toMatchObject({ jti: rotated });
      await expect(adapter('Session').findByUid(randomUUID())).resolves.toBeUndefined();
    });

    test('findByUserCode finds a device code before and after approval binds it to a grant', async () => {
      const id = randomUUID();
      const userCode = 'BCDF-GHJK';
      const grantId = randomUUID();
      const pending = payloadFor('DeviceCode', { userCode, jti: id });
      await adapter('DeviceCode').upsert(id, pending, 600);
      await expect(adapter('DeviceCode').findByUserCode(userCode)).resolves.toEqual(pending);

      const approved = { ...pending, grantId, accountId: 'account-1' };
      await adapter('DeviceCode').upsert(id, approved, 600);
      await expect(adapter('DeviceCode').findByUserCode(userCode)).resolves.toEqual(approved);
      await expect(adapter('DeviceCode').find(id)).resolves.toEqual(approved);

      // The entry moved into the grant's slot; only a pointer is left in its own.
      const own = (await keysOf()).find((k) => k.includes(`{id:DeviceCode:${keyId('DeviceCode', id)}}`));
      await expect(raw.hgetall(own!)).resolves.toEqual({ grant: grantId });
      await adapter('DeviceCode').revokeByGrantId(grantId);
      await expect(adapter('DeviceCode').findByUserCode(userCode)).resolves.toBeUndefined();
    });
  });

  describe('no bearer secret in key names', () => {
    // Key names and grant members show up in SCAN, MONITOR, the slow log and backups: ids, uids and
    // user codes (tokens, codes, the session cookie value) must not, as key names or members, or
    // as the index fields and index values a revoke hands around. Only `payload` keeps them.
    test('ids, uids and user codes appear in no key, member or index value, and every lookup still works', async () => {
      const token = () => randomBytes(32).toString('base64url');
      const grantId = token();
      const accessTokenId = token();
      const codeId = token();
      const sessionId = token();
      const uid = token();
      const deviceCodeId = token();
      const userCode = `${randomBytes(3).toString('hex').toUpperCase()}-${randomBytes(3).toString('hex').toUpperCase()}`;
      const pendingCodeId = token();
      const pendingUserCode = `${randomBytes(3).toString('hex').toUpperCase()}-P`;
      const secrets = [
        accessTokenId,
        codeId,
        sessionId,
        uid,
        deviceCodeId,
        userCode,
        pendingCodeId,
        pendingUserCode,
      ];

      await adapter('Grant').upsert(grantId, payloadFor('Grant', { jti: grantId }), 600);
      await adapter('AccessToken').upsert(accessTokenId, payloadFor('AccessToken', { grantId }), 600);
      await adapter('AuthorizationCode').upsert(codeId, payloadFor('AuthorizationCode', { grantId }), 600);
      await adapter('Session').upsert(sessionId, payloadFor('Session', { uid, jti: sessionId }), 600);
      // One device code approved (in the grant's slot), one still pending (in its own).
      await adapter('DeviceCode').upsert(deviceCodeId, payloadFor('DeviceCode', { userCode }), 600);
      await adapter('DeviceCode').upsert(deviceCodeId, payloadFor('DeviceCode', { userCode, grantId }), 600);
      await adapter('DeviceCode').upsert(
        pendingCodeId,
        payloadFor('DeviceCode', { userCode: pendingUserCode }),
        600,
      );

      const keys = await keysOf();
      const exposed: string[] = [...keys];
      for (const key of keys) {
        const type = await raw.type(key);
        if (type === 'zset') exposed.push(...(await raw.zrange(key, 0, -1)));
        if (type === 'string') exposed.push((await raw.get(key)) ?? '');
        if (type === 'hash') {
          const { payload: _payload, ...fields } = await raw.hgetall(key);
          exposed.push(...Object.keys(fields), ...Object.values(fields));
        }
      }
      for (const secret of secrets) expect(exposed.filter((text) => text.includes(secret))).toEqual([]);
      // The grant id is not a bearer secret (the pointer to a grant's slot holds it), but it
      // names no key or member either.
      expect(keys.filter((k) => k.includes(grantId))).toEqual([]);
      const memberSets = keys.filter((k) => k.endsWith(':members'));
      expect(memberSets.length).toBeGreaterThan(0);
      for (const set of memberSets)
        for (const member of await raw.zrange(set, 0, -1)) expect(member).not.toContain(grantId);

      await expect(adapter('AccessToken').find(accessTokenId)).resolves.toMatchObject({ grantId });
      await expect(adapter('Session').find(sessionId)).resolves.toMatchObject({ uid, jti: sessionId });
      await expect(adapter('Session').findByUid(uid)).resolves.toMatchObject({ jti: sessionId });
      await expect(adapter('DeviceCode').findByUserCode(userCode)).resolves.toMatchObject({
        userCode,
        grantId,
      });
      await expect(adapter('DeviceCode').findByUserCode(pendingUserCode)).resolves.toMatchObject({
        userCode: pendingUserCode,
      });
      await adapter('AuthorizationCode').consume(codeId);
      await expect(adapter('AuthorizationCode').find(codeId)).resolves.toHaveProperty('consumed');
      await expect(adapter('AuthorizationCode').consume(codeId)).rejects.toMatchObject({
        error: 'invalid_grant',
      });

      // The replayed code revoked the grant (revokeGrantOnReuse): its members, their locators and
      // the user code index are gone; the session and the pending device code are not.
      await expect(adapter('AccessToken').find(accessTokenId)).resolves.toBeUndefined();
      await expect(adapter('DeviceCode').find(deviceCodeId)).resolves.toBeUndefined();
      await expect(adapter('DeviceCode').findByUserCode(userCode)).resolves.toBeUndefined();
      await expect(adapter('Grant').find(grantId)).resolves.toBeUndefined();
      await expect(adapter('Session').findByUid(uid)).resolves.toMatchObject({ jti: sessionId });
      await expect(adapter('DeviceCode').findByUserCode(pendingUserCode)).resolves.toBeDefined();
      const names = [accessTokenId, codeId, deviceCodeId].map((id, i) =>
        keyId(['AccessToken', 'AuthorizationCode', 'DeviceCode'][i]!, id),
      );
      names.push(keyId('DeviceCode', userCode), keyId('Grant', grantId));
      expect((await keysOf()).filter((k) => names.some((name) => k.includes(name)))).toEqual([]);
    });

    test('revokeByGrantId removes every member, locator and index of hashed names', async () => {
      const grantId = randomUUID();
      const tokenId = randomUUID();
      const deviceCodeId = randomUUID();
      const userCode = `UC-${randomUUID()}`;
      await adapter('AccessToken').upsert(tokenId, payloadFor('AccessToken', { grantId }), 600);
      await adapter('DeviceCode').upsert(deviceCodeId, payloadFor('DeviceCode', { userCode, grantId }), 600);

      await adapter('AccessToken').revokeByGrantId(grantId);

      await expect(adapter('AccessToken').find(tokenId)).resolves.toBeUndefined();
      await expect(adapter('DeviceCode').findByUserCode(userCode)).resolves.toBeUndefined();
      const names = [
        keyId('AccessToken', tokenId),
        keyId('DeviceCode', deviceCodeId),
        keyId('DeviceCode', userCode),
        keyId('Grant', grantId),
      ];
      expect((await keysOf()).filter((k) => names.some((name) => k.includes(name)))).toEqual([]);
    });
  });

  describe('consume', () => {
    test.each([
      'AuthorizationCode',
      'RefreshToken',
      'DeviceCode',
      'BackchannelAuthenticationRequest',
      'PushedAuthorizationRequest',
    ])('%s: consume marks it consumed (epoch seconds) and a second consume is refused', async (model) => {
      const id = randomUUID();
      const grantId = randomUUID();
      await adapter(model).upsert(
        id,
        payloadFor(model, model === 'PushedAuthorizationRequest' ? {} : { grantId }),
        60,
      );
      const before = Math.floor(Date.now() / 1000);

      await adapter(model).consume(id);

      const found = await adapter(model).find(id);
      expect(typeof found?.consumed).toBe('number');
      expect(found!.consumed).toBeGreaterThanOrEqual(before);
      expect(found!.consumed).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      await expect(adapter(model).consume(id)).rejects.toMatchObject({
        error: model === 'PushedAuthorizationRequest' ? 'invalid_request_uri' : 'invalid_grant',
        statusCode: 400,
      });
    });

    test('a consume of a missing entry is refused as invalid_grant', async () => {
      await expect(adapter('AuthorizationCode').consume(randomUUID())).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    });

    test('an upsert never un-consumes', async () => {
      const id = randomUUID();
      const payload = payloadFor('AuthorizationCode', { grantId: randomUUID() });
      await adapter('AuthorizationCode').upsert(id, payload, 60);
      await adapter('AuthorizationCode').consume(id);
      await adapter('AuthorizationCode').upsert(id, payload, 60);
      await expect(adapter('AuthorizationCode').find(id)).resolves.toHaveProperty('consumed');
    });

    test('50 parallel consumes of one code: exactly one wins', async () => {
      const id = randomUUID();
      await adapter('AuthorizationCode').upsert(
        id,
        payloadFor('AuthorizationCode', { grantId: randomUUID() }),
        60,
      );
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => new Adapter('AuthorizationCode').consume(id)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ error: 'invalid_grant' });
    });

    test('50 parallel consumes of one PAR request: exactly one wins', async () => {
      const id = randomUUID();
      await adapter('PushedAuthorizationRequest').upsert(id, payloadFor('PushedAuthorizationRequest'), 60);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => adapter('PushedAuthorizationRequest').consume(id)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ error: 'invalid_request_uri' });
    });
  });

  describe('revokeByGrantId and destroy', () => {
    async function issueGrant(grantId: string) {
      const ids: Record<string, string> = {};
      for (const model of GRANT_BOUND) {
        ids[model] = randomUUID();
        const extra: AdapterPayload = { grantId };
        if (model === 'DeviceCode') extra.userCode = `UC-${grantId}`;
        await adapter(model).upsert(ids[model]!, payloadFor(model, extra), 600);
      }
      await adapter('Grant').upsert(grantId, payloadFor('Grant', { jti: grantId }), 600);
      return ids;
    }

    test('revokes every token of the grant across models, and only that grant', async () => {
      const revoked = randomUUID();
      const kept = randomUUID();
      const revokedIds = await issueGrant(revoked);
      const keptIds = await issueGrant(kept);

      await adapter('AccessToken').revokeByGrantId(revoked);

      for (const model of GRANT_BOUND) {
        await expect(adapter(model).find(revokedIds[model]!)).resolves.toBeUndefined();
        await expect(adapter(model).find(keptIds[model]!)).resolves.toMatchObject({ grantId: kept });
      }
      await expect(adapter('DeviceCode').findByUserCode(`UC-${revoked}`)).resolves.toBeUndefined();
      await expect(adapter('DeviceCode').findByUserCode(`UC-${kept}`)).resolves.toBeDefined();
      // The Grant record is oidc-provider's revokeGrantPolicy's business (it destroys it itself).
      await expect(adapter('Grant').find(revoked)).resolves.toBeDefined();

      const left = (await keysOf()).filter(
        (k) =>
          k.includes(keyId('Grant', revoked)) ||
          Object.entries(revokedIds).some(([model, id]) => k.includes(keyId(model, id))) ||
          k.includes(keyId('DeviceCode', `UC-${revoked}`)),
      );
      expect(left).toEqual([`${prefix}{grant:${keyId('Grant', revoked)}}:Grant`]);
    });

    test('oidc-provider calling it for every model in parallel is harmless', async () => {
      const grantId = randomUUID();
      const ids = await issueGrant(grantId);
      await Promise.all(GRANT_BOUND.map((model) => adapter(model).revokeByGrantId(grantId)));
      for (const model of GRANT_BOUND)
        await expect(adapter(model).find(ids[model]!)).resolves.toBeUndefined();
    });

    test('revokes tokens written concurrently with it: none is left half-registered', async () => {
      const grantId = randomUUID();
      const ids = Array.from({ length: 40 }, () => randomUUID());
      const writes = ids.map((id, i) =>
        (async () => {
          await sleep(i % 5);
          await adapter('AccessToken').upsert(id, payloadFor('AccessToken', { grantId }), 600);
        })(),
      );
      await sleep(2);
      await adapter('RefreshToken').revokeByGrantId(grantId);
      await Promise.all(writes);
      // Whatever was written after the revoke is still a member, so a second revoke gets it all.
      await adapter('RefreshToken').revokeByGrantId(grantId);
      for (const id of ids) await expect(adapter('AccessToken').find(id)).resolves.toBeUndefined();
      expect((await keysOf()).filter((k) => k.includes(keyId('Grant', grantId)))).toEqual([]);
    });

    test('destroy removes the entry and its grant membership, uid and userCode indexes', async () => {
      const grantId = randomUUID();
      const ids = await issueGrant(grantId);
      const sessionId = randomUUID();
      const uid = randomUUID();
      await adapter('Session').upsert(sessionId, payloadFor('Session', { uid }), 600);

      for (const model of GRANT_BOUND) await adapter(model).destroy(ids[model]!);
      await adapter('Session').destroy(sessionId);
      await adapter('Grant').destroy(grantId);

      for (const model of GRANT_BOUND)
        await expect(adapter(model).find(ids[model]!)).resolves.toBeUndefined();
      await expect(adapter('Session').findByUid(uid)).resolves.toBeUndefined();
      await expect(adapter('DeviceCode').findByUserCode(`UC-${grantId}`)).resolves.toBeUndefined();
      await expect(adapter('Grant').find(grantId)).resolves.toBeUndefined();
      const left = (await keysOf()).filter(
        (k) =>
          k.includes(keyId('Grant', grantId)) ||
          k.includes(keyId('Session', uid)) ||
          k.includes(keyId('Session', sessionId)) ||
          k.includes(keyId('DeviceCode', `UC-${grantId}`)) ||
          Object.entries(ids).some(([model, id]) => k.includes(keyId(model, id))),
      );
      // Redis drops a sorted set with its last member; the emulation keeps it, empty, until its TTL.
      const notEmpty = await Promise.all(
        left.map(async (k) => (k.endsWith(':members') ? (await raw.zcard(k)) > 0 : true)),
      );
      expect(left.filter((_, i) => notEmpty[i])).toEqual([]);
    });

    test('destroy of a missing id is a no-op', async () => {
      await expect(adapter('AccessToken').destroy(randomUUID())).resolves.toBeUndefined();
      await expect(adapter('Grant').destroy(randomUUID())).resolves.toBeUndefined();
    });
  });

  describe('Redis Cluster layout', () => {
    test('every key of a grant carries the same hash tag', async () => {
      const grantId = randomUUID();
      for (const model of GRANT_BOUND) {
        await adapter(model).upsert(randomUUID(), payloadFor(model, { grantId }), 60);
      }
      await adapter('Grant').upsert(grantId, payloadFor('Grant'), 60);
      const grantKeys = (await keysOf()).filter((k) => k.includes(keyId('Grant', grantId)));
      expect(grantKeys).toHaveLength(GRANT_BOUND.length + 2); // + Grant record + member set
      expect(new Set(grantKeys.map((k) => /\{[^}]*\}/.exec(k)?.[0]))).toEqual(
        new Set([`{grant:${keyId('Grant', grantId)}}`]),
      );
      expect(new Set(grantKeys.map(keySlot)).size).toBe(1);
    });

    test('the slot helper agrees with Redis Cluster', () => {
      expect(keySlot('123456789')).toBe(12739);
      expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    });

    test('no script or transaction touched keys of more than one slot during this suite', () => {
      expect(violations).toEqual([]);
    });
  });
});
