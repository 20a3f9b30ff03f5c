import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';

export interface AuditEntry {
  /** Who: an administrator's name, `system`, or a pseudonymous subject. Never an identity number. */
  readonly actor: string;
  readonly action: string;
  /** What it acted on: a client id, an order id, a device id. */
  readonly target: string;
  /** `ok` or a stable failure code. */
  readonly outcome: string;
  readonly role?: string;
  /** Context without personal data (JSON), e.g. the attestation evidence of an enrolment. */
  readonly detail?: string;
}

/**
 * Append-only audit trail: who did what to what, when, with which outcome. Kept in a Redis
 * Stream (XADD only; nothing in the code base deletes entries), trimmed approximately at
 * `maxLength` so a runaway loop cannot fill Redis.
 *
 * @example await audit.append({ actor: 'ops', role: 'admin', action: 'client.create', target: 'nav', outcome: 'ok' })
 */
export interface AuditLog {
  append(entry: AuditEntry): Promise<string>;
  /** Newest first. */
  recent(count: number): Promise<(AuditEntry & { id: string; at: string })[]>;
}

export function createRedisAuditLog(
  redis: Redis,
  prefix: string,
  clock: Clock,
  maxLength = 1_000_000,
): AuditLog {
  const key = `${prefix}:audit`;
  return {
    async append(entry) {
      const fields = Object.entries({ at: clock.now().toISOString(), ...entry }).flatMap(([k, v]) =>
        v === undefined ? [] : [k, String(v)],
      );
      return (await redis.xadd(key, 'MAXLEN', '~', String(maxLength), '*', ...fields)) as string;
    },
    async recent(count) {
      const rows = await redis.xrevrange(key, '+', '-', 'COUNT', count);
      return rows.map(([id, flat]) => {
        const o: Record<string, string> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
        return { id, ...(o as unknown as AuditEntry & { at: string }) };
      });
    },
  };
}
