import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';

/**
 * The one place that opens the shared store. With a URL it is a real Redis (single node,
 * Sentinel or Cluster URLs are ioredis's business); without one it is the embedded in-memory
 * store, an ioredis emulation, so every store and Lua script in the code base is written once
 * against the ioredis API and runs on both. Production configuration refuses the in-memory store.
 *
 * @example
 *   const redis = createRedisConnection(config.redisUrl); // undefined → in-memory
 */
export function createRedisConnection(url: string | undefined, options: { name?: string } = {}): Redis {
  if (url) {
    return new Redis(url, {
      connectionName: options.name ?? 'passport-eid',
      // Fail fast instead of queueing forever when Redis is down: readiness reports it and
      // requests get a 503 rather than hanging.
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
    });
  }
  // A unique host name gives each embedded store its own data (the emulation shares data
  // between instances created with the same host), so tests and instances never bleed.
  return new RedisMock({ host: `memory-${options.name ?? randomUUID()}` }) as unknown as Redis;
}

/** True when the connection is the embedded emulation (used by readiness and refusal checks). */
export function isMemoryStore(redis: Redis): boolean {
  return redis instanceof (RedisMock as unknown as typeof Redis);
}
