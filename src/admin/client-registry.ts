import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type Provider from 'oidc-provider';
import { err, ok, type Result } from '../shared/result.js';
import type { ClientRegistration } from '../oidc/client-metadata-schema.js';
import type { RedisAdapterClass } from '../oidc/redis-adapter.js';
import { newClientSecret } from './client-secret.js';

export type StoredClient = ClientRegistration & { client_id: string; client_id_issued_at: number };
export type RegistryError =
  'client.exists' | 'client.not-found' | 'client.static' | 'client.invalid-metadata' | 'client.no-secret';

/**
 * Relying parties registered by administrators. They are stored as oidc-provider `Client`
 * entries through the same adapter as everything else, so every instance sharing the Redis sees
 * a change at its next request (oidc-provider reads dynamic clients from the adapter each time).
 * Clients from the clients file are configuration: they cannot be changed here.
 *
 * @example const r = await registry.create({ redirect_uris: ['https://nav.example/cb'], ... })
 */
export interface ClientRegistry {
  create(
    metadata: ClientRegistration,
  ): Promise<Result<{ client: StoredClient; secret?: string }, RegistryError>>;
  get(clientId: string): Promise<StoredClient | undefined>;
  list(): Promise<StoredClient[]>;
  update(clientId: string, metadata: ClientRegistration): Promise<Result<StoredClient, RegistryError>>;
  remove(clientId: string): Promise<Result<true, RegistryError>>;
  rotateSecret(clientId: string): Promise<Result<{ secret: string }, RegistryError>>;
}

const usesSecret = (m: ClientRegistration) => m.token_endpoint_auth_method.startsWith('client_secret');

export function createClientRegistry(deps: {
  provider: Provider;
  adapter: RedisAdapterClass;
  redis: Redis;
  prefix: string;
  staticClientIds: ReadonlySet<string>;
}): ClientRegistry {
  const adapter = new deps.adapter('Client');
  const index = `${deps.prefix}:admin:clients`;
  const publicView = (stored: Record<string, unknown>): StoredClient => {
    const { client_secret: _secret, ...rest } = stored;
    return rest as StoredClient;
  };

  /** oidc-provider's own validation too, so nothing stored can fail to load later. */
  const validate = async (metadata: Record<string, unknown>): Promise<string | undefined> => {
    try {
      await (deps.provider.Client as unknown as { validate(m: object): Promise<void> }).validate(metadata);
      return undefined;
    } catch (e) {
      return (e as { error_description?: string }).error_description ?? 'invalid client metadata';
    }
  };

  const load = async (clientId: string) =>
    (await adapter.find(clientId)) as Record<string, unknown> | undefined;

  return {
    async create(metadata) {
      const clientId = metadata.client_id ?? `client-${randomBytes(9).toString('base64url')}`;
      if (deps.staticClientIds.has(clientId) || (await load(clientId)))
        return err('client.exists', `client_id ${clientId} is taken`);
      const secret = usesSecret(metadata) ? newClientSecret() : undefined;
      const stored = {
        ...metadata,
        client_id: clientId,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        ...(secret ? { client_secret: secret.stored } : {}),
      };
      const invalid = await validate(stored);
      if (invalid) return err('client.invalid-metadata', invalid);
      // SET NX on the index decides who creates a client_id when two administrators race.
      if ((await deps.redis.sadd(index, clientId)) === 0)
        return err('client.exists', `client_id ${clientId} is taken`);
      await adapter.upsert(clientId, stored as never);
      return ok({ client: publicView(stored), ...(secret ? { secret: secret.secret } : {}) });
    },

    async get(clientId) {
      const stored = await load(clientId);
      return stored ? publicView(stored) : undefined;
    },

    async list() {
      const ids = (await deps.redis.smembers(index)).sort();
      const all = await Promise.all(ids.map((id) => load(id)));
      return all.filter((c): c is Record<string, unknown> => c !== undefined).map(publicView);
    },

    async update(clientId, metadata) {
      if (deps.staticClientIds.has(clientId))
        return err('client.static', 'clients from the clients file are changed in that file');
      const current = await load(clientId);
      if (!current) return err('client.not-found', `no client ${clientId}`);
      let secret = typeof current.client_secret === 'string' ? current.client_secret : undefined;
      let fresh: string | undefined;
      if (usesSecret(metadata) && !secret) {
        const made = newClientSecret();
        secret = made.stored;
        fresh = made.secret;
      }
      const stored = {
        ...metadata,
        client_id: clientId,
        client_id_issued_at: current.client_id_issued_at,
        ...(usesSecret(metadata) && secret ? { client_secret: secret } : {}),
      };
      const invalid = await validate(stored);
      if (invalid) return err('client.invalid-metadata', invalid);
      await adapter.upsert(clientId, stored as never);
      return ok({ ...publicView(stored), ...(fresh ? { client_secret: fresh } : {}) } as StoredClient);
    },

    async remove(clientId) {
      if (deps.staticClientIds.has(clientId))
        return err('client.static', 'clients from the clients file are removed from that file');
      if (!(await load(clientId))) return err('client.not-found', `no client ${clientId}`);
      await adapter.destroy(clientId);
      await deps.redis.srem(index, clientId);
      return ok(true);
    },

    async rotateSecret(clientId) {
      if (deps.staticClientIds.has(clientId))
        return err('client.static', 'clients from the clients file are changed in that file');
      const current = await load(clientId);
      if (!current) return err('client.not-found', `no client ${clientId}`);
      if (typeof current.client_secret !== 'string')
        return err('client.no-secret', `${clientId} authenticates without a secret`);
      const made = newClientSecret();
      await adapter.upsert(clientId, { ...current, client_secret: made.stored } as never);
      return ok({ secret: made.secret });
    },
  };
}
