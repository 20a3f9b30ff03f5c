import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../../shared/clock.js';
import { err, ok } from '../../shared/result.js';
import type { AuthRequest } from './auth-request.js';
import type { AuthRequestStore, TransitionOutcome } from './auth-request-store.js';

type ScriptRedis = Redis & {
  authRequestTransition(...args: string[]): Promise<string>;
  authRequestSwap(...args: string[]): Promise<number>;
  authRequestRelease(...args: string[]): Promise<number>;
};

const TRANSITION = `
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return 'missing' end
if s ~= ARGV[1] then return s end
if ARGV[4] == '1' and tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) <= tonumber(ARGV[3]) then return 'expired' end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 'ok'
`;
const SWAP = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Answers stay readable this long after expiry, for the browser's last "check again". */
const KEEP_AFTER_EXPIRY_MS = 15 * 60 * 1000;

/**
 * `AuthRequestStore` in Redis. Keys (HMAC'd ids only):
 * `P:auth-request:{HMAC(id)}` hash (`data` JSON, `status`, `expiresAt`, answer fields),
 * `P:auth-request-of:{HMAC(pid)}` string: the person's pending request id, TTL = its lifetime,
 * `P:auth-request-for:{HMAC(uid)}` string: an interaction's latest request id.
 * Expiry follows the injected clock (the TTLs only clean up), so tests can move time.
 */
export function createRedisAuthRequestStore(
  redis: Redis,
  options: { prefix: string; keySecret: string; clock: Clock },
): AuthRequestStore {
  const r = redis as ScriptRedis;
  if (typeof r.authRequestTransition !== 'function') {
    redis.defineCommand('authRequestTransition', { numberOfKeys: 1, lua: TRANSITION });
    redis.defineCommand('authRequestSwap', { numberOfKeys: 1, lua: SWAP });
    redis.defineCommand('authRequestRelease', { numberOfKeys: 1, lua: RELEASE });
  }
  const mac = (label: string, v: string) =>
    createHmac('sha256', options.keySecret).update(`${label}\0${v}`).digest('base64url');
  const requestKey = (id: string) => `${options.prefix}:auth-request:{${mac('request', id)}}`;
  const personKey = (pid: string) => `${options.prefix}:auth-request-of:{${mac('person', pid)}}`;
  const interactionKey = (uid: string) => `${options.prefix}:auth-request-for:{${mac('interaction', uid)}}`;
  const now = () => options.clock.now().getTime();

  const get = async (id: string): Promise<AuthRequest | undefined> => {
    const h = await redis.hgetall(requestKey(id));
    if (!h.data || !h.status) return undefined;
    return {
      ...(JSON.parse(h.data) as Omit<AuthRequest, 'status'>),
      status: h.status as AuthRequest['status'],
      ...(h.respondedBy ? { respondedBy: h.respondedBy } : {}),
      ...(h.userVerification ? { userVerification: h.userVerification as 'pin' | 'biometric' } : {}),
      ...(h.failure ? { failure: h.failure } : {}),
    };
  };
  const live = (q: AuthRequest | undefined) => q?.status === 'pending' && q.expiresAt > now();

  return {
    async create(request) {
      const { status, ...data } = request;
      const lifetimeMs = Math.max(1, request.expiresAt - now());
      await redis
        .multi()
        .hset(requestKey(request.id), {
          data: JSON.stringify(data),
          status,
          expiresAt: String(request.expiresAt),
        })
        .pexpire(requestKey(request.id), lifetimeMs + KEEP_AFTER_EXPIRY_MS)
        .exec();
      for (let attempt = 0; attempt < 3; attempt++) {
        const set = await redis.set(personKey(request.pid), request.id, 'PX', lifetimeMs, 'NX');
        if (set === 'OK') return ok(request);
        const holder = await redis.get(personKey(request.pid));
        if (!holder) continue;
        if (live(await get(holder))) break;
        // The slot holder is answered or expired by our clock: take the slot over, atomically.
        if ((await r.authRequestSwap(personKey(request.pid), holder, request.id, String(lifetimeMs))) === 1)
          return ok(request);
      }
      await redis.del(requestKey(request.id));
      return err('request.pending-exists', 'this person already has a pending request');
    },
    get,
    async pendingFor(pid) {
      const id = await redis.get(personKey(pid));
      const q = id ? await get(id) : undefined;
      return live(q) ? q : undefined;
    },
    async transition(id, from, to, fields = {}) {
      const pairs = Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [k, String(v)]));
      return (await r.authRequestTransition(
        requestKey(id),
        from,
        to,
        String(now()),
        from === 'pending' ? '1' : '0',
        ...pairs,
      )) as TransitionOutcome;
    },
    async release(pid, id) {
      await r.authRequestRelease(personKey(pid), id);
    },
    async bindInteraction(uid, id) {
      await redis.set(interactionKey(uid), id, 'EX', 3600);
    },
    async forInteraction(uid) {
      const id = await redis.get(interactionKey(uid));
      return id ? get(id) : undefined;
    },
  };
}
