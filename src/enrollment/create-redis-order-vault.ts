import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { OrderPrivate } from './order-private.js';
import type { OrderVault } from './order-vault.js';

// GET and DEL as one step (a script, not GETDEL: the embedded store runs the same code).
const TAKE = `local v = redis.call('GET', KEYS[1]) if v then redis.call('DEL', KEYS[1]) end return v`;
// Compare-and-set of the sealed record: writes only if nobody changed it since it was read.
const SWAP = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;
// Extends the record's TTL, never shortens it.
const EXTEND = `local t = redis.call('PTTL', KEYS[1])
if t >= 0 and t < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return t`;

/**
 * The order vault on Redis or the embedded store: `<prefix>:order-private:<orderId>` holds
 * AES-256-GCM(iv ‖ tag ‖ ciphertext) of the JSON record, with the order id as additional data so
 * a record copied to another order does not decrypt. The key is derived (HKDF) from a deployment
 * secret, so a dump of Redis alone reveals no identity number. The clear activation secret sits
 * in `<prefix>:order-secret:<orderId>`, sealed the same way (other additional data), until it is
 * taken with an atomic get-and-delete.
 *
 * @example const vault = createRedisOrderVault(redis, { prefix: 'eid', secret: pairwiseSalt })
 */
export function createRedisOrderVault(redis: Redis, options: { prefix: string; secret: string }): OrderVault {
  const key = Buffer.from(hkdfSync('sha256', options.secret, 'passport-eid', 'order-vault/aes-256-gcm', 32));
  const recordKey = (id: string) => `${options.prefix}:order-private:${id}`;
  const secretKey = (id: string) => `${options.prefix}:order-secret:${id}`;
  const claimKey = (id: string, step: string) => `${options.prefix}:order-claim:${id}:${step}`;

  const sealText = (aad: string, text: string): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  };
  const openText = (aad: string, sealed: string): string => {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  };
  const seal = (id: string, data: OrderPrivate) => sealText(id, JSON.stringify(data));
  const open = (id: string, sealed: string) => JSON.parse(openText(id, sealed)) as OrderPrivate;

  return {
    async put(orderId, data, ttlMs) {
      await redis.set(recordKey(orderId), seal(orderId, data), 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async get(orderId) {
      const sealed = await redis.get(recordKey(orderId));
      return sealed === null ? undefined : open(orderId, sealed);
    },
    async update(orderId, patch) {
      const k = recordKey(orderId);
      for (let attempt = 0; attempt < 16; attempt++) {
        const [sealed, ttl] = await Promise.all([redis.get(k), redis.pttl(k)]);
        if (sealed === null || ttl <= 0) return undefined;
        const next = JSON.parse(JSON.stringify({ ...open(orderId, sealed), ...patch })) as OrderPrivate;
        if ((await redis.eval(SWAP, 1, k, sealed, seal(orderId, next), ttl)) === 1) return next;
      }
      throw new Error(`order vault: the record of ${orderId} kept changing`);
    },
    async extend(orderId, ttlMs) {
      await redis.eval(EXTEND, 1, recordKey(orderId), Math.ceil(ttlMs));
    },
    async claim(orderId, step, ttlSeconds) {
      return (await redis.set(claimKey(orderId, step), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async release(orderId, step) {
      await redis.del(claimKey(orderId, step));
    },
    async putSecret(orderId, secret, ttlMs) {
      const sealed = sealText(`secret:${orderId}`, secret);
      await redis.set(secretKey(orderId), sealed, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async takeSecret(orderId) {
      // Real Redis answers nil as null, the embedded store's Lua as false.
      const sealed = (await redis.eval(TAKE, 1, secretKey(orderId))) as unknown;
      return typeof sealed === 'string' ? openText(`secret:${orderId}`, sealed) : undefined;
    },
    async dropSecret(orderId) {
      await redis.del(secretKey(orderId));
    },
  };
}
