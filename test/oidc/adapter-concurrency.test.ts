// Races on one-time artifacts: several instances (connections) redeem the same code at once, first
// through the adapter, then end to end through oidc-provider's token endpoint. Exactly one may win,
// on real Redis and on the in-memory store alike.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cluster, Redis } from 'ioredis';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import Provider, { type AdapterPayload } from 'oidc-provider';
import { createRedisAdapterFactory } from '../../src/oidc/redis-adapter.js';

const PARALLEL = 50;

/** Opens `count` connections to one store, as `count` provider instances would. */
const stores: [string, (count: number) => Redis[]][] = [
  [
    'real Redis',
    (count) =>
      Array.from({ length: count }, () => new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')),
  ],
  [
    'in-memory store',
    (count) => {
      // Embedded stores opened with the same name share their data, like instances sharing a Redis.
      const name = `concurrency-${randomUUID()}`;
      return Array.from({ length: count }, () => createRedisConnection(undefined, { name }));
    },
  ],
];
// A Redis Cluster when one is at hand, e.g. TEST_REDIS_CLUSTER_NODES=127.0.0.1:7101,127.0.0.1:7102
if (process.env.TEST_REDIS_CLUSTER_NODES) {
  const nodes = process.env.TEST_REDIS_CLUSTER_NODES.split(',');
  stores.push([
    'Redis Cluster',
    (count) => Array.from({ length: count }, () => new Cluster(nodes) as unknown as Redis),
  ]);
}

/** Every key matching the pattern, from each master when the store is a Cluster. */
async function keysMatching(redis: Redis, pattern: string): Promise<string[]> {
  if (!(redis as { isCluster?: boolean }).isCluster) return redis.keys(pattern);
  const masters = (redis as unknown as Cluster).nodes('master');
  return (await Promise.all(masters.map((node) => node.keys(pattern)))).flat();
}

const settle = async <T>(work: Promise<T>[]) => {
  const results = await Promise.allSettled(work);
  return {
    won: results.filter((r) => r.status === 'fulfilled').length,
    errors: results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { error?: string }).error] : [])),
  };
};

describe.each(stores)('one-time artifacts under concurrency on %s', (_name, connect) => {
  const prefix = `test:adapter-race:${randomUUID()}:`;
  const keySecret = randomBytes(32).toString('base64url');
  let connections: Redis[];

  beforeAll(() => {
    connections = connect(5);
  });

  afterAll(async () => {
    const keys = await keysMatching(connections[0]!, `${prefix}*`);
    await Promise.all(keys.map((key) => connections[0]!.del(key)));
    for (const connection of connections) connection.disconnect();
  });

  /** One adapter per connection, each its own factory, as on separate instances. */
  const instances = (model: string, options: { revokeGrantOnReuse?: boolean; onReuse?: () => void } = {}) =>
    connections.map(
      (redis) => new (createRedisAdapterFactory(redis, { prefix, keySecret, ...options }))(model),
    );

  describe('through the adapter', () => {
    test.each([
      ['AuthorizationCode', 'invalid_grant'],
      ['RefreshToken', 'invalid_grant'],
      ['DeviceCode', 'invalid_grant'],
      ['BackchannelAuthenticationRequest', 'invalid_grant'],
      ['PreAuthorizedCode', 'invalid_grant'],
      ['PushedAuthorizationRequest', 'invalid_request_uri'],
    ])(`%s: ${PARALLEL} parallel consumes from 5 instances, exactly one wins`, async (model, error) => {
      const adapters = instances(model);
      const id = randomUUID();
      const payload: AdapterPayload = { jti: id, kind: model, clientId: 'rp' };
      if (model !== 'PushedAuthorizationRequest') payload.grantId = randomUUID();
      await adapters[0]!.upsert(id, payload, 60);

      const { won, errors } = await settle(
        Array.from({ length: PARALLEL }, (_, i) => adapters[i % adapters.length]!.consume(id)),
      );

      expect(won).toBe(1);
      expect(errors).toEqual(Array.from({ length: PARALLEL - 1 }, () => error));
    });

    test('the losers revoke the grant: its tokens and Grant record are gone, other grants untouched', async () => {
      let reported = 0;
      const codes = instances('AuthorizationCode', { onReuse: () => (reported += 1) });
      const accessTokens = instances('AccessToken');
      const grantId = randomUUID();
      const otherGrantId = randomUUID();
      const codeId = randomUUID();
      const accessTokenId = randomUUID();
      const otherAccessTokenId = randomUUID();
      const grants = instances('Grant');
      await grants[0]!.upsert(grantId, { jti: grantId, kind: 'Grant' }, 600);
      await codes[0]!.upsert(codeId, { jti: codeId, grantId }, 60);
      await accessTokens[0]!.upsert(accessTokenId, { jti: accessTokenId, grantId }, 600);
      await accessTokens[0]!.upsert(
        otherAccessTokenId,
        { jti: otherAccessTokenId, grantId: otherGrantId },
        600,
      );

      const { won, errors } = await settle(
        Array.from({ length: PARALLEL }, (_, i) => codes[i % codes.length]!.consume(codeId)),
      );

      expect(won).toBe(1);
      expect(new Set(errors)).toEqual(new Set(['invalid_grant']));
      // The first loser revokes; later ones may find the code already gone ("not found"), which is
      // refused the same way but is not reported as a replay.
      expect(reported).toBeGreaterThanOrEqual(1);
      await expect(codes[1]!.find(codeId)).resolves.toBeUndefined();
      await expect(accessTokens[1]!.find(accessTokenId)).resolves.toBeUndefined();
      await expect(grants[1]!.find(grantId)).resolves.toBeUndefined();
      await expect(accessTokens[1]!.find(otherAccessTokenId)).resolves.toMatchObject({
        grantId: otherGrantId,
      });
    });

    test('with revokeGrantOnReuse off, the losers are refused and nothing else changes', async () => {
      const codes = instances('AuthorizationCode', { revokeGrantOnReuse: false });
      const tokens = instances('AccessToken', { revokeGrantOnReuse: false });
      const grantId = randomUUID();
      const codeId = randomUUID();
      const accessTokenId = randomUUID();
      await codes[0]!.upsert(codeId, { jti: codeId, grantId }, 60);
      await tokens[0]!.upsert(accessTokenId, { jti: accessTokenId, grantId }, 600);

      const { won, errors } = await settle(
        Array.from({ length: PARALLEL }, (_, i) => codes[i % codes.length]!.consume(codeId)),
      );

      expect(won).toBe(1);
      expect(new Set(errors)).toEqual(new Set(['invalid_grant']));
      await expect(codes[0]!.find(codeId)).resolves.toMatchObject({ consumed: expect.any(Number) });
      await expect(tokens[0]!.find(accessTokenId)).resolves.toMatchObject({ grantId });
    });
  });

  describe('through oidc-provider', () => {
    const redirectUri = 'https://rp.example.test/callback';
    const clientId = 'race-rp';
    const clientSecret = randomBytes(32).toString('base64url');
    let providers: Provider[];
    let servers: Server[];
    let urls: string[];

    beforeAll(async () => {
      // Five provider instances sharing the store, each with its own connection and adapter.
      providers = connections.map(
        (redis) =>
          new Provider('http://localhost', {
            adapter: createRedisAdapterFactory(redis, { prefix, keySecret }),
            clients: [
              {
                client_id: clientId,
                client_secret: clientSecret,
                redirect_uris: [redirectUri],
                grant_types: ['authorization_code', 'refresh_token'],
                response_types: ['code'],
              },
            ],
            findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
            rotateRefreshToken: true,
          }),
      );
      servers = providers.map((provider) => createServer(provider.callback()).listen(0, '127.0.0.1'));
      await Promise.all(servers.map((server) => new Promise((resolve) => server.once('listening', resolve))));
      urls = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`);
    });

    afterAll(async () => {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    });

    async function issueGrant(provider: Provider) {
      const grant = new provider.Grant({ accountId: 'account-1', clientId });
      grant.addOIDCScope('openid offline_access');
      return grant.save();
    }

    const tokenRequest = (url: string, body: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(body),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));

    test(`${PARALLEL} parallel token requests with one authorization code: one 200, the rest invalid_grant`, async () => {
      const provider = providers[0]!;
      const verifier = randomBytes(32).toString('base64url');
      const grantId = await issueGrant(provider);
      const code = await new provider.AuthorizationCode({
        accountId: 'account-1',
        client: (await provider.Client.find(clientId))!,
        grantId,
        redirectUri,
        scope: 'openid',
        codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
        codeChallengeMethod: 'S256',
        gty: 'authorization_code',
      }).save();

      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          tokenRequest(urls[i % urls.length]!, {
            grant_type: 'authorization_code',
            code,
            redirect_uri: redirectUri,
            code_verifier: verifier,
          }),
        ),
      );

      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 400 && r.body.error === 'invalid_grant')).toHaveLength(
        PARALLEL - 1,
      );
      // A replayed code revokes its grant (revokeGrantOnReuse, oidc-provider's own rule for a replay
      // it sees): without the Grant record, oidc-provider refuses every token of it.
      const Adapter = createRedisAdapterFactory(connections[0]!, { prefix, keySecret });
      await expect(new Adapter('Grant').find(grantId)).resolves.toBeUndefined();
    });

    test(`${PARALLEL} parallel refreshes of one rotating refresh token: one 200, the rest invalid_grant`, async () => {
      const provider = providers[0]!;
      const grantId = await issueGrant(provider);
      const refreshToken = await new provider.RefreshToken({
        accountId: 'account-1',
        client: (await provider.Client.find(clientId))!,
        grantId,
        scope: 'openid offline_access',
        gty: 'authorization_code',
      }).save();

      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          tokenRequest(urls[i % urls.length]!, { grant_type: 'refresh_token', refresh_token: refreshToken }),
        ),
      );

      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 400 && r.body.error === 'invalid_grant')).toHaveLength(
        PARALLEL - 1,
      );
    });
  });
});
