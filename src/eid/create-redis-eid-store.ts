import { createHmac, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import { err, ok } from '../shared/result.js';
import type { EidRecord, EidStatus } from './eid-record.js';
import { eidStoreScripts } from './eid-store-scripts.js';
import type { ActivationFailure, EidStore } from './eid-store.js';
import { generateActivationSecret } from './generate-activation-secret.js';
import { normalizeActivationSecret } from './normalize-activation-secret.js';

type ScriptRedis = Redis & {
  eidIssue(...args: (string | number)[]): Promise<string>;
  eidActivation(...args: (string | number)[]): Promise<string>;
  eidRevoke(...args: (string | number)[]): Promise<string | null>;
};

/**
 * eIDs in Redis (or the embedded store): hash `<prefix>:eid:{HMAC(pid)}`, no TTL (an eID lives
 * until revoked). The identity number is never part of a key name. Activation secrets are kept as
 * HMAC(keySecret, pid, secret): binding the person means a secret typed with someone else's
 * identity number is simply wrong.
 *
 * @example const eids = createRedisEidStore(redis, { prefix: config.redisPrefix, keySecret, clock: systemClock })
 */
export function createRedisEidStore(
  redis: Redis,
  options: { prefix: string; keySecret: string; clock: Clock; generateSecret?: () => string },
): EidStore {
  const r = redis as ScriptRedis;
  if (typeof r.eidIssue !== 'function') {
    redis.defineCommand('eidIssue', eidStoreScripts.issue);
    redis.defineCommand('eidActivation', eidStoreScripts.activation);
    redis.defineCommand('eidRevoke', eidStoreScripts.revoke);
  }
  const mac = (label: string, ...parts: string[]) =>
    createHmac('sha256', options.keySecret)
      .update([label, ...parts].join('\0'))
      .digest('base64url');
  const key = (pid: string) => `${options.prefix}:eid:{${mac('eid', pid)}}`;
  const newSecret = options.generateSecret ?? (() => generateActivationSecret());

  const read = async (pid: string): Promise<EidRecord | undefined> => {
    const h = await redis.hgetall(key(pid));
    if (!h.data || !h.id) return undefined;
    const data = JSON.parse(h.data) as Omit<
      EidRecord,
      'id' | 'status' | 'issuedAt' | 'activatedAt' | 'activation'
    >;
    return {
      ...data,
      id: h.id,
      status: h.status as EidStatus,
      issuedAt: h.issuedAt!,
      ...(h.activatedAt ? { activatedAt: h.activatedAt } : {}),
      ...(h.secretHash
        ? {
            activation: {
              secretHash: h.secretHash,
              expiresAt: new Date(Number(h.expiresAtMs)).toISOString(),
              ...(h.consumedAt ? { consumedAt: h.consumedAt } : {}),
            },
          }
        : {}),
    };
  };

  const activation = async (pid: string, secret: string, consume: boolean) => {
    const typed = normalizeActivationSecret(secret);
    if (!typed.ok)
      return err<ActivationFailure>('activation.invalid', 'this is not the activation code of this eID');
    const now = options.clock.now();
    const outcome = await r.eidActivation(
      key(pid),
      mac('activation', pid, typed.value),
      now.getTime(),
      now.toISOString(),
      consume ? '1' : '0',
    );
    if (outcome !== 'ok') {
      const detail = {
        'activation.invalid': 'this is not the activation code of this eID',
        'activation.expired': 'the activation code has expired; register again for a new one',
        'activation.used': 'the activation code has already been used',
      }[outcome as ActivationFailure];
      return err(outcome as ActivationFailure, detail);
    }
    return ok((await read(pid))!);
  };

  return {
    async issue(person, { validForMs }) {
      const secret = newSecret();
      const typed = normalizeActivationSecret(secret);
      if (!typed.ok) throw new Error('generated activation secret does not parse');
      const now = options.clock.now();
      await r.eidIssue(
        key(person.pid),
        randomUUID(),
        JSON.stringify(person),
        mac('activation', person.pid, typed.value),
        now.getTime() + validForMs,
        now.toISOString(),
      );
      return { record: (await read(person.pid))!, secret };
    },
    get: read,
    checkActivationSecret: (pid, secret) => activation(pid, secret, false),
    consumeActivation: (pid, secret) => activation(pid, secret, true),
    async setRevoked(pid, revoked) {
      const status = await r.eidRevoke(key(pid), revoked ? '1' : '0');
      if (!status) return err('eid.not-found', 'no eID has been issued to this person');
      return ok((await read(pid))!);
    },
  };
}
