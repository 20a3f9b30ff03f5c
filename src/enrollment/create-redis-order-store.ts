import { createHmac, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import { err, ok, type Result } from '../shared/result.js';
import { applyOrderEvent } from './apply-order-event.js';
import { createOrder } from './create-order.js';
import { generateOrderCode } from './generate-order-code.js';
import { isTerminalOrderState } from './is-terminal-order-state.js';
import type { Order } from './order.js';
import { orderAuditAction } from './order-audit-action.js';
import type { OrderAuditEntry } from './order-audit-entry.js';
import type { OrderErrorCode } from './order-error-code.js';
import { orderEventSchema, type OrderEvent } from './order-event.js';
import type { OrderStore } from './order-store.js';
import { orderStoreScripts } from './order-store-scripts.js';
import type { OrderTransition } from './order-transition.js';
import { parseOrderCode } from './parse-order-code.js';

export interface RedisOrderStoreOptions {
  /** Key prefix of the deployment; the audit stream is `<prefix>:audit`, shared with `createRedisAuditLog`. */
  readonly prefix: string;
  readonly clock: Clock;
  /**
   * Deployment secret the code index key is named with (`<prefix>:order-code:<HMAC(code)>`), so a
   * key listing reveals no order code. Must not change while orders live (use `PAIRWISE_SALT`).
   */
  readonly keySecret: string;
  /** How long keys outlive `expiresAt`, so support can still see an expired order. Default 1 hour. */
  readonly retentionAfterExpiryMs?: number;
  /**
   * How long an order that holds money (`paid`, or ended with `refundRequired`) outlives
   * `expiresAt`: long enough for an operator to finish the issuance or the refund. Default 30 days.
   */
  readonly moneyRetentionAfterExpiryMs?: number;
  readonly auditMaxLength?: number;
  /** Compare-and-set attempts before giving up with `order.conflict`. */
  readonly maxAttempts?: number;
  readonly generateCode?: () => string;
  readonly generateId?: () => string;
}

type ScriptRedis = Redis & {
  orderCreate(...args: (string | number)[]): Promise<number>;
  orderTransition(...args: (string | number)[]): Promise<number>;
};

// The key an order expires itself under when read after its expiry: the same for every reader,
// so concurrent readers make one transition and the rest see a duplicate.
const LAZY_EXPIRE_KEY = 'system:expire';

/**
 * The order store on Redis or the embedded in-memory store (same code; see
 * docs/registration-order.md for the key layout). Hash `<prefix>:order:<id>` holds `version`,
 * `state`, `code`, `expiresAt` and the whole order as JSON in `data`; `<prefix>:order-code:<HMAC>`
 * points to the id. Both expire `retentionAfterExpiryMs` after the order does (an order holding
 * money: `moneyRetentionAfterExpiryMs`).
 *
 * @example
 *   const store = createRedisOrderStore(redis, { prefix: config.redisPrefix, clock: systemClock,
 *     keySecret: secrets.pairwiseSalt })
 */
export function createRedisOrderStore(redis: Redis, options: RedisOrderStoreOptions): OrderStore {
  const r = redis as ScriptRedis;
  if (typeof r.orderCreate !== 'function') {
    redis.defineCommand('orderCreate', orderStoreScripts.create);
    redis.defineCommand('orderTransition', orderStoreScripts.transition);
  }
  const clock = options.clock;
  if (!options.keySecret) throw new Error('createRedisOrderStore: keySecret is required');
  const retention = options.retentionAfterExpiryMs ?? 60 * 60 * 1000;
  const moneyRetention = options.moneyRetentionAfterExpiryMs ?? 30 * 24 * 60 * 60 * 1000;
  const maxLength = String(options.auditMaxLength ?? 1_000_000);
  const attempts = options.maxAttempts ?? 8;
  const newCode = options.generateCode ?? (() => generateOrderCode());
  const newId = options.generateId ?? randomUUID;
  const orderKey = (id: string) => `${options.prefix}:order:${id}`;
  // The code is canonical here (parsed or generated), so one code has one key name.
  const codeKey = (code: string) =>
    `${options.prefix}:order-code:${createHmac('sha256', options.keySecret).update(`order-code\0${code}`).digest('base64url')}`;
  const auditKey = `${options.prefix}:audit`;

  // Relative TTLs from the injected clock: PEXPIREAT would compare our clock with Redis's.
  // An order holding money is kept longer: it must not vanish before it is issued or refunded.
  const holdsMoney = (order: Order) => order.state === 'paid' || order.refundRequired === true;
  const ttlMs = (order: Order) =>
    Math.max(
      1,
      Date.parse(order.expiresAt) + (holdsMoney(order) ? moneyRetention : retention) - clock.now().getTime(),
    );
  const fields = (order: Order): string[] => {
    const f = {
      version: String(order.version),
      state: order.state,
      code: order.code,
      expiresAt: order.expiresAt,
    };
    return [...Object.entries(f).flat(), 'data', JSON.stringify(order)];
  };
  // Same field order and names as src/shared/audit-log.ts, so `recent()` reads these entries.
  const auditPairs = (e: OrderAuditEntry): string[] => [
    ...['at', clock.now().toISOString(), 'actor', e.actor, 'action', e.action],
    ...['target', e.target, 'outcome', e.outcome],
  ];
  const auditArgs = (entries: readonly OrderAuditEntry[]): string[] => [
    String(entries.length),
    ...entries.flatMap((e) => {
      const pairs = auditPairs(e);
      return [String(pairs.length), ...pairs];
    }),
  ];
  const writeArgs = (order: Order, audit: readonly OrderAuditEntry[]) => {
    const f = fields(order);
    return [String(ttlMs(order)), maxLength, String(f.length / 2), ...f, ...auditArgs(audit)];
  };

  async function read(id: string): Promise<Order | undefined> {
    const data = await redis.hget(orderKey(id), 'data');
    if (data === null) return undefined;
    const order = JSON.parse(data) as Order;
    // Broken invariant, not an expected failure: the record was written by someone else.
    if (order.id !== id) throw new Error(`order record ${id} holds another order`);
    return order;
  }

  async function apply(
    id: string,
    event: OrderEvent,
    opts: { expectedVersion?: number } = {},
  ): Promise<Result<OrderTransition, OrderErrorCode>> {
    // Checked here too, not only in routes: whatever reaches the store reaches the audit log.
    if (!orderEventSchema.safeParse(event).success)
      return err('order.invalid-event', 'the event is malformed');
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const order = await read(id);
      if (!order) return err('order.not-found', 'no such order');
      const result = applyOrderEvent(order, event, clock.now());
      if (!result.ok) {
        if (result.code === 'order.expired') await apply(id, { type: 'expire', key: LAZY_EXPIRE_KEY });
        // Refusals are decisions too (architecture §5); they change no state, so a plain append.
        await redis.xadd(
          auditKey,
          'MAXLEN',
          '~',
          maxLength,
          '*',
          ...auditPairs(refusal(order, event, result.code)),
        );
        return result;
      }
      if (result.value.duplicate) return result;
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== order.version) {
        return err('order.conflict', 'the order changed since it was shown');
      }
      const next = result.value.order;
      const written = await r.orderTransition(
        orderKey(id),
        codeKey(order.code),
        auditKey,
        String(order.version),
        ...writeArgs(next, result.value.audit),
      );
      if (written === 1) return result;
      // Lost the race: read again; the state machine decides whether this event still applies.
    }
    return err('order.conflict', 'the order kept changing; try again');
  }

  async function get(id: string): Promise<Result<Order, 'order.not-found'>> {
    const order = await read(id);
    if (!order) return err('order.not-found', 'no such order');
    // A paid order is not expired by reading it: it still becomes `issued` (or is failed and
    // refunded) by the payment flow or an operator (docs/registration.md, "Stuck payments").
    if (
      isTerminalOrderState(order.state) ||
      order.state === 'paid' ||
      clock.now().getTime() < Date.parse(order.expiresAt)
    )
      return ok(order);
    const expired = await apply(id, { type: 'expire', key: LAZY_EXPIRE_KEY });
    if (expired.ok) return ok(expired.value.order);
    // Moved to a terminal state meanwhile (issued just in time): show what is stored now.
    const now = await read(id);
    return now ? ok(now) : err('order.not-found', 'no such order');
  }

  return {
    async create(opts = {}) {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const { order, audit } = createOrder({
          id: newId(),
          code: newCode(),
          now: clock.now(),
          ...(opts.lifetimeMs !== undefined ? { lifetimeMs: opts.lifetimeMs } : {}),
        });
        const written = await r.orderCreate(
          orderKey(order.id),
          codeKey(order.code),
          auditKey,
          order.id,
          ...writeArgs(order, audit),
        );
        if (written === 1) return ok(order);
      }
      return err('order.code-exhausted', 'no free order code found');
    },
    get,
    async findByCode(input) {
      const code = parseOrderCode(input);
      if (!code.ok) return code;
      const id = await redis.get(codeKey(code.value));
      return id === null ? err('order.not-found', 'no such order') : get(id);
    },
    apply,
  };
}

function refusal(order: Order, event: OrderEvent, code: string): OrderAuditEntry {
  const actor = event.type === 'cancel' ? event.by : 'system';
  return { actor, action: orderAuditAction(event.type), target: order.id, outcome: code };
}
