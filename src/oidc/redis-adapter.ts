import { createHmac, createSecretKey } from 'node:crypto';
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { errors, type Adapter, type AdapterConstructor, type AdapterPayload } from 'oidc-provider';
import { systemClock, type Clock } from '../shared/clock.js';
import { redisAdapterScripts } from './redis-adapter-scripts.js';

export interface RedisAdapterOptions {
  /** Namespace of every key, e.g. `eid:oidc:`; lets tests and several deployments share a Redis. */
  readonly prefix: string;
  /**
   * Secret that names keys. Most ids oidc-provider hands the adapter are bearer secrets (tokens,
   * codes, the session cookie value, user codes), and key names show up in SCAN, MONITOR, the
   * slow log and backups, so no id appears in a key name or grant member: each is replaced by
   * HMAC-SHA256(keySecret, `${model}\0${id}`), base64url. Must stay the same for the life of the
   * stored entries: another secret finds none of them.
   */
  readonly keySecret: string;
  /**
   * When a one-time artifact (code, refresh token, device code, CIBA request) is redeemed twice at
   * the same moment, the loser is a replay: revoke every token of its grant and the Grant record,
   * as oidc-provider does when it notices a replay itself. Default true.
   */
  readonly revokeGrantOnReuse?: boolean;
  /** Told about every replay the adapter detects (audit log, metrics). */
  readonly onReuse?: (event: { model: string; grantId?: string; revoked: number }) => void;
  readonly clock?: Clock;
}

/** What oidc-provider's `adapter` option takes: a class, instantiated once per model name. */
export type RedisAdapterClass = AdapterConstructor;

/** What this adapter offers beyond oidc-provider's interface. */
export interface RedisAdapterInstance {
  insertIfAbsent(id: string, payload: AdapterPayload, expiresIn: number): Promise<boolean>;
}

/** Models whose entries live in their grant's hash slot (oidc-provider's memory adapter's list). */
const GRANT_BOUND = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** How oidc-provider words a replay of each one-time model (helpers/grant_source.js). */
const LABELS: Record<string, string> = {
  AuthorizationCode: 'authorization code',
  RefreshToken: 'refresh token',
  DeviceCode: 'device code',
  BackchannelAuthenticationRequest: 'backchannel authentication request',
  PreAuthorizedCode: 'pre-authorized code',
};

/** Member score (expiry, ms) for entries without expiry; '+inf' is mis-sorted by the embedded store. */
const NEVER = Number.MAX_SAFE_INTEGER;
/**
 * Slack between the app's clock, which scores grant members, and Redis's, which expires keys:
 * members are pruned only this long after their score, so clock skew well under a minute never
 * drops a member a revoke still needs.
 */
const SKEW_MARGIN_MS = 60_000;
/**
 * How much longer than its longest-lived member a grant's member set is kept. Generous on
 * purpose: a member that expires within the set's TTL needs no TTL update, so a grant costs one
 * update for its first code and one for its first refresh token, not one per token.
 */
const MEMBER_SET_SLACK_MS = 24 * 3600_000;

type ScriptCommands = {
  oidcAdapterRevokeGrant(
    members: string,
    record: string,
    base: string,
    dropRecord: '0' | '1',
  ): Promise<string>;
  oidcAdapterDeleteIfEquals(index: string, keyId: string): Promise<number>;
};

type Entry = Record<string, string>;

/**
 * Storage for every oidc-provider model in Redis, or in the embedded ioredis emulation, with one
 * code path for both. Laid out for Redis Cluster: everything bound to one grant shares the
 * grant's hash slot, so writing a token together with its grant membership, consuming a code and
 * revoking a grant are each one atomic step. See docs/redis-key-layout.md.
 *
 * @example
 *   const provider = new Provider(issuer, {
 *     adapter: createRedisAdapterFactory(redis, { prefix: 'eid:oidc:', keySecret }),
 *   });
 */
export function createRedisAdapterFactory(
  redis: Redis | Cluster,
  options: RedisAdapterOptions,
): RedisAdapterClass {
  const { prefix, keySecret, revokeGrantOnReuse = true, onReuse, clock = systemClock } = options;
  if (/[{}]/.test(prefix)) {
    // Redis hashes the first {...} of a key: braces in the prefix would put every key in one slot.
    throw new TypeError('redis adapter prefix must not contain { or }');
  }
  if (typeof keySecret !== 'string' || keySecret.length === 0) {
    throw new TypeError('redis adapter needs a keySecret');
  }
  const secretKey = createSecretKey(Buffer.from(keySecret, 'utf8'));
  /**
   * The name an id (or uid, or user code) of a model goes by in key names, member sets and index
   * fields. Keyed, not a plain hash: user codes are short enough to enumerate. base64url has no
   * brace, colon or newline, which the key layout and the revoke script's output rely on.
   */
  const keyId = (model: string, id: string) =>
    createHmac('sha256', secretKey).update(`${model}\0${id}`).digest('base64url');
  /** A grant's slot is named like the Grant record's id. */
  const grantKeyId = (grantId: string) => keyId('Grant', grantId);

  for (const [name, script] of Object.entries(redisAdapterScripts)) {
    if (typeof (redis as unknown as Record<string, unknown>)[name] !== 'function') {
      redis.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
    }
  }
  const scripts = redis as unknown as ScriptCommands;
  // The two slots of a grant-bound write may sit on different Cluster nodes, which keep no order
  // between each other; on one connection to one server, commands run in the order sent.
  const ordered = (redis as { isCluster?: boolean }).isCluster !== true;

  /** Every argument is a keyId, never a raw id, uid, user code or grant id. */
  const keys = {
    /** An entry that lives in its own slot, or a pointer to the grant slot that holds it. */
    locator: (model: string, h: string) => `${prefix}{id:${model}:${h}}`,
    /** Common prefix of every key of a grant's slot. */
    grantBase: (g: string) => `${prefix}{grant:${g}}:`,
    grantEntry: (g: string, member: string) => `${prefix}{grant:${g}}:${member}`,
    members: (g: string) => `${prefix}{grant:${g}}:members`,
    grantRecord: (g: string) => `${prefix}{grant:${g}}:Grant`,
    uid: (model: string, uidH: string) => `${prefix}{uid:${model}:${uidH}}`,
    userCode: (model: string, userCodeH: string) => `${prefix}{userCode:${model}:${userCodeH}}`,
  };
  /** Where an entry of a model that is not grant-bound lives (the Grant record sits in its own grant's slot). */
  const ownKey = (model: string, h: string) =>
    model === 'Grant' ? keys.grantRecord(h) : keys.locator(model, h);
  /** A grant member's name in its grant's member set, and the tail of its entry's key. */
  const memberName = (model: string, h: string) => `${model}:${h}`;

  async function transaction(build: (multi: ChainableCommander) => ChainableCommander): Promise<unknown[]> {
    const replies = await build(redis.multi()).exec();
    if (!replies) throw new Error('redis adapter transaction was aborted');
    return replies.map(([error, reply]) => {
      if (error) throw error;
      return reply;
    });
  }

  const expire = (multi: ChainableCommander, key: string, ttlMs: number) =>
    ttlMs ? multi.pexpire(key, ttlMs) : multi.persist(key);

  /**
   * Writes payload and index fields. `consumed` is only ever added, never removed: once
   * consumed, always consumed, whatever a stale writer sends. Other fields are left as they are:
   * oidc-provider keeps an id's index fields (`uid`, `userCode`) for its whole life.
   */
  function writeEntry(multi: ChainableCommander, key: string, fields: Fields, ttlMs: number) {
    multi.hset(key, 'payload', fields.json);
    if (fields.uid) multi.hset(key, 'uid', fields.uid);
    if (fields.userCode) multi.hset(key, 'userCode', fields.userCode);
    if (fields.consumed) multi.hsetnx(key, 'consumed', fields.consumed);
    return expire(multi, key, ttlMs);
  }

  /**
   * Makes the member set of a grant live at least as long as its longest-lived member, without a
   * script: set the TTL from the highest score, then look again; whoever sets it last has seen
   * every member added before, so the final TTL covers them all, however writers interleave.
   */
  async function coverMembers(g: string, maxScore: number) {
    const members = keys.members(g);
    let covered = maxScore;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const ttl = covered >= NEVER ? 0 : covered - clock.now().getTime() + MEMBER_SET_SLACK_MS;
      const [, top] = await transaction((multi) =>
        (ttl ? multi.pexpire(members, Math.max(ttl, 1)) : multi.persist(members)).zrange(
          members,
          -1,
          -1,
          'WITHSCORES',
        ),
      );
      const highest = Number((top as string[])[1] ?? 0);
      if (highest <= covered) return;
      covered = highest;
    }
  }

  /**
   * Drops the locators and secondary indexes of grant members a revoke deleted. Everything it
   * needs is in the script's answer, already in keyId form: the member name carries the entry's
   * keyId, and the entry's `userCode` and `uid` fields hold the keyIds of its index keys.
   */
  async function cleanUpRevoked(revoked: string): Promise<number> {
    const fields = revoked ? revoked.split('\n') : [];
    const work: Promise<unknown>[] = [];
    for (let i = 0; i + 2 < fields.length; i += 3) {
      const member = fields[i]!;
      const colon = member.indexOf(':');
      const model = member.slice(0, colon);
      const h = member.slice(colon + 1);
      work.push(redis.del(keys.locator(model, h)));
      if (fields[i + 1])
        work.push(scripts.oidcAdapterDeleteIfEquals(keys.userCode(model, fields[i + 1]!), h));
      if (fields[i + 2]) work.push(scripts.oidcAdapterDeleteIfEquals(keys.uid(model, fields[i + 2]!), h));
    }
    await Promise.all(work);
    return fields.length / 3;
  }

  async function revokeGrant(grantId: string, dropRecord: boolean): Promise<number> {
    const g = grantKeyId(grantId);
    const revoked = await scripts.oidcAdapterRevokeGrant(
      keys.members(g),
      keys.grantRecord(g),
      keys.grantBase(g),
      dropRecord ? '1' : '0',
    );
    return cleanUpRevoked(String(revoked));
  }

  async function destroyGrantMember(model: string, h: string, grantId: string) {
    const g = grantKeyId(grantId);
    const member = memberName(model, h);
    const entry = keys.grantEntry(g, member);
    const [uid, userCode] = await transaction((multi) =>
      multi.hget(entry, 'uid').hget(entry, 'userCode').del(entry).zrem(keys.members(g), member),
    );
    return { uid: (uid as string | null) ?? '', userCode: (userCode as string | null) ?? '' };
  }

  /** Drops index keys (by keyId) that still name this entry (by keyId). */
  function dropIndexes(model: string, h: string, uids: string[], userCodes: string[]): Promise<unknown> {
    return Promise.all([
      ...uids.filter(Boolean).map((uid) => scripts.oidcAdapterDeleteIfEquals(keys.uid(model, uid), h)),
      ...userCodes
        .filter(Boolean)
        .map((code) => scripts.oidcAdapterDeleteIfEquals(keys.userCode(model, code), h)),
    ]);
  }

  /** The entry of a model by its keyId: inline in its locator, or where the locator points. */
  async function findByKeyId(model: string, h: string): Promise<AdapterPayload | undefined> {
    const entry = await redis.hgetall(ownKey(model, h));
    if (entry.grant)
      return decode(await redis.hgetall(keys.grantEntry(grantKeyId(entry.grant), memberName(model, h))));
    return decode(entry);
  }

  function setIndex(key: string, h: string, ttlMs: number): Promise<unknown> {
    return ttlMs ? redis.set(key, h, 'PX', ttlMs) : redis.set(key, h);
  }

  class RedisAdapter implements Adapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    /**
     * Stores the entry only if none exists, atomically; true when this call stored it. Used for
     * replay detection (client assertion and DPoP proof `jti`s), where oidc-provider's own
     * find-then-save lets two concurrent uses of one jti both pass.
     */
    async insertIfAbsent(id: string, payload: AdapterPayload, expiresIn: number): Promise<boolean> {
      const key = ownKey(this.#model, keyId(this.#model, id));
      const [stored] = await transaction((multi) =>
        multi
          .hsetnx(key, 'payload', JSON.stringify(payload))
          .pexpire(key, Math.max(1, Math.ceil(expiresIn * 1000)), 'NX'),
      );
      return stored === 1;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const model = this.#model;
      const ttlMs = typeof expiresIn === 'number' && expiresIn > 0 ? Math.ceil(expiresIn * 1000) : 0;
      const h = keyId(model, id);
      // The index fields hold keyIds, not the uid and user code themselves: they are what a
      // revoke hands back to find the index keys (the payload keeps the real values).
      const fields: Fields = {
        json: JSON.stringify(payload),
        consumed: typeof payload.consumed === 'number' ? String(payload.consumed) : '',
        uid: typeof payload.uid === 'string' ? keyId(model, payload.uid) : '',
        userCode: typeof payload.userCode === 'string' ? keyId(model, payload.userCode) : '',
      };
      const grantId = GRANT_BOUND.has(model) && typeof payload.grantId === 'string' ? payload.grantId : '';

      const indexes: Promise<unknown>[] = [];
      if (fields.uid) indexes.push(setIndex(keys.uid(model, fields.uid), h, ttlMs));
      if (fields.userCode) indexes.push(setIndex(keys.userCode(model, fields.userCode), h, ttlMs));

      // What was there before matters only to entries with indexes to move, or that may have
      // been a pointer (grant-bound); everything else is written blind, in fewer commands.
      const tracked = Boolean(fields.uid || fields.userCode);
      let previous: Entry = {};
      if (!grantId) {
        const key = ownKey(model, h);
        const mayPoint = GRANT_BOUND.has(model);
        const [replies] = await Promise.all([
          transaction((multi) => {
            if (tracked || mayPoint) multi.hgetall(key);
            if (mayPoint) multi.hdel(key, 'grant');
            return writeEntry(multi, key, fields, ttlMs);
          }),
          ...indexes,
        ]);
        if (tracked || mayPoint) previous = replies[0] as Entry;
        if (previous.grant) await destroyGrantMember(model, h, previous.grant);
      } else {
        const g = grantKeyId(grantId);
        const member = memberName(model, h);
        const entry = keys.grantEntry(g, member);
        const members = keys.members(g);
        const locator = keys.locator(model, h);
        const now = clock.now().getTime();
        // The entry and its membership are written in one transaction, so a revoke either sees
        // both or runs before both. The pointer to it is written after it, so a reader never
        // follows a pointer to a slot that does not hold the entry yet.
        const writeMember = () =>
          transaction((multi) =>
            writeEntry(
              tracked ? multi.hget(entry, 'uid').hget(entry, 'userCode') : multi,
              entry,
              fields,
              ttlMs,
            )
              .zadd(members, ttlMs ? now + ttlMs : NEVER, member)
              .zremrangebyscore(members, '-inf', now - SKEW_MARGIN_MS)
              .zrange(members, -1, -1, 'WITHSCORES')
              .pttl(members),
          );
        // The pointer holds the grant id itself (not a bearer secret; consume reports it to
        // onReuse) and is turned into the slot's keyId when followed.
        const writePointer = () =>
          transaction((multi) => {
            multi.hgetall(locator).del(locator).hset(locator, 'grant', grantId);
            return ttlMs ? multi.pexpire(locator, ttlMs) : multi;
          });
        let memberReplies: unknown[];
        let pointerReplies: unknown[];
        if (ordered) {
          [memberReplies, pointerReplies] = await Promise.all([writeMember(), writePointer(), ...indexes]);
        } else {
          memberReplies = await writeMember();
          [pointerReplies] = await Promise.all([writePointer(), ...indexes]);
        }

        const top = memberReplies.at(-2) as string[];
        const pttl = memberReplies.at(-1) as number;
        const highest = Number(top[1] ?? 0);
        const needed = highest >= NEVER ? pttl !== -1 : pttl === -1 || pttl < highest - now + SKEW_MARGIN_MS;
        if (needed) await coverMembers(g, highest);

        previous = { ...(pointerReplies[0] as Entry) };
        if (tracked) {
          previous.uid ||= (memberReplies[0] as string | null) ?? '';
          previous.userCode ||= (memberReplies[1] as string | null) ?? '';
        }
        // A DeviceCode or CIBA request moves from its own slot into the grant's on approval: a
        // consumed mark it had there follows it.
        if (previous.consumed && !fields.consumed) await redis.hsetnx(entry, 'consumed', previous.consumed);
        if (previous.grant && previous.grant !== grantId) await destroyGrantMember(model, h, previous.grant);
      }

      await dropIndexes(
        model,
        h,
        previous.uid && previous.uid !== fields.uid ? [previous.uid] : [],
        previous.userCode && previous.userCode !== fields.userCode ? [previous.userCode] : [],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return findByKeyId(this.#model, keyId(this.#model, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const model = this.#model;
      const h = await redis.get(keys.uid(model, keyId(model, uid)));
      return h ? findByKeyId(model, h) : undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const model = this.#model;
      const h = await redis.get(keys.userCode(model, keyId(model, userCode)));
      return h ? findByKeyId(model, h) : undefined;
    }

    /**
     * oidc-provider checks `consumed` on what it found and then awaits this call
     * (helpers/grant_source.js consumeGrantSource, actions/grants/refresh_token.js,
     * actions/authorization/respond.js), so two requests that both found the artifact unconsumed
     * both get here. HSETNX lets exactly one of them set `consumed`; every other one is refused
     * with the error oidc-provider throws for a replay it sees itself, which its error handler
     * answers as `invalid_grant` (`invalid_request_uri` for PAR) before any token is issued.
     */
    async consume(id: string): Promise<void> {
      const model = this.#model;
      const h = keyId(model, id);
      let key = ownKey(model, h);
      let grantId: string | undefined;
      if (GRANT_BOUND.has(model)) {
        grantId = (await redis.hget(key, 'grant')) ?? undefined;
        if (grantId) key = keys.grantEntry(grantKeyId(grantId), memberName(model, h));
      }
      const now = Math.floor(clock.now().getTime() / 1000);
      // HSETNX alone decides the race. HEXISTS, sent right behind it on the same connection and
      // slot, tells a real entry from a stub HSETNX made of a key that was gone (expired,
      // revoked); if the entry vanished in between, the consume is refused, the safe side.
      const [won, exists] = await Promise.all([
        redis.hsetnx(key, 'consumed', now),
        redis.hexists(key, 'payload'),
      ]);

      if (!exists) {
        if (won) await redis.del(key);
        throw model === 'PushedAuthorizationRequest'
          ? new errors.InvalidRequestUri('request_uri is invalid, expired, or was already used')
          : new errors.InvalidGrant(`${LABELS[model] ?? model} not found`);
      }
      if (won) return;

      const revoked = grantId && revokeGrantOnReuse ? await revokeGrant(grantId, true) : 0;
      onReuse?.({ model, ...(grantId ? { grantId } : {}), revoked });
      throw model === 'PushedAuthorizationRequest'
        ? new errors.InvalidRequestUri('request_uri is invalid, expired, or was already used')
        : new errors.InvalidGrant(
            model === 'RefreshToken'
              ? 'refresh token already used'
              : `${LABELS[model] ?? model} already consumed`,
          );
    }

    async destroy(id: string): Promise<void> {
      const model = this.#model;
      const h = keyId(model, id);
      const key = ownKey(model, h);
      const [before] = await transaction((multi) => multi.hgetall(key).del(key));
      const entry = before as Entry;
      const removed = entry.grant
        ? await destroyGrantMember(model, h, entry.grant)
        : { uid: '', userCode: '' };
      await dropIndexes(model, h, [entry.uid ?? removed.uid], [entry.userCode ?? removed.userCode]);
    }

    /**
     * Revokes every entry of the grant, whatever model this instance is for: oidc-provider calls
     * it once per grant-bound model in parallel (helpers/revoke.js); the first call does the work
     * in one atomic step and the others find nothing left.
     */
    async revokeByGrantId(grantId: string): Promise<void> {
      await revokeGrant(grantId, false);
    }
  }

  return RedisAdapter;
}

interface Fields {
  json: string;
  consumed: string;
  /** keyId of the uid, '' when none. */
  uid: string;
  /** keyId of the user code, '' when none. */
  userCode: string;
}

function decode(entry: Entry): AdapterPayload | undefined {
  if (entry.payload === undefined) return undefined;
  const payload = JSON.parse(entry.payload) as AdapterPayload;
  if (entry.consumed !== undefined) payload.consumed = Number(entry.consumed);
  return payload;
}
