import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';

export interface RateDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Seconds until the window resets (for Retry-After). */
  readonly retryAfterSeconds: number;
}

/**
 * Counts attempts per bucket in fixed windows on the shared store, so every instance enforces
 * one limit. Buckets name a source or a target ("ip:203.0.113.9", "pid:…", "order-code:…");
 * they are keyed by HMAC so identity numbers and codes never appear in Redis key names.
 *
 * @example
 *   const d = await limiter.hit(`pid:${pid}`, { limit: 5, windowSeconds: 300 });
 *   if (!d.allowed) return tooManyAttempts(d.retryAfterSeconds);
 */
export interface RateLimiter {
  hit(bucket: string, rule: { limit: number; windowSeconds: number }): Promise<RateDecision>;
  /** Gives back one attempt counted by `hit` in this window (e.g. a login that succeeded). */
  release(bucket: string, rule: { limit: number; windowSeconds: number }): Promise<void>;
}

export function createRedisRateLimiter(
  redis: Redis,
  opts: { prefix: string; keySecret: string; clock: Clock },
): RateLimiter {
  const where = (bucket: string, windowSeconds: number) => {
    const nowMs = opts.clock.now().getTime();
    const windowMs = windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs);
    const id = createHmac('sha256', opts.keySecret).update(bucket).digest('base64url');
    return { nowMs, windowMs, window, key: `${opts.prefix}:rate:{${id}}:${windowSeconds}:${window}` };
  };
  return {
    async release(bucket, rule) {
      const { key } = where(bucket, rule.windowSeconds);
      await redis.decr(key);
    },
    async hit(bucket, rule) {
      const { nowMs, windowMs, window, key } = where(bucket, rule.windowSeconds);
      const replies = await redis
        .multi()
        .incr(key)
        .pexpire(key, windowMs + 1000)
        .exec();
      const count = Number(replies?.[0]?.[1] ?? Number.MAX_SAFE_INTEGER);
      const resetMs = (window + 1) * windowMs - nowMs;
      return {
        allowed: count <= rule.limit,
        remaining: Math.max(0, rule.limit - count),
        retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
      };
    },
  };
}
