import type { Redis } from 'ioredis';
import { err, ok } from '../../shared/result.js';
import type { RevokedEntry } from './build-crl.js';
import type {
  DeviceCertificateRecord,
  DeviceCertificateRegistry,
  RevocationOutcome,
} from './device-certificate-registry.js';
import { REVOCATION_REASON_CODE, type RevocationReason } from './revocation-reason.js';
import { serialHex } from './serial-hex.js';

// Every write that must be atomic is one script. No cjson (the embedded store's Lua has none):
// hash fields in, flat arrays out.
const RECORD = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'deviceId', ARGV[2], 'notAfter', ARGV[3], 'issuedAt', ARGV[4], 'status', 'active')
redis.call('SADD', KEYS[2], ARGV[1])
return 1`;

// Shared by both revoke scripts: revoke one certificate hash unless it already is; the first
// revocation's reason and time stay. Returns serial, deviceId, reason, revokedAt, newly (1/0).
// KEYS[2] (revoked set) and KEYS[3] (reasons) are what a CRL is read from.
const REVOKE_ONE = `
local function revoke(key, serial, reason, at)
  local status = redis.call('HGET', key, 'status')
  if not status then return nil end
  local deviceId = redis.call('HGET', key, 'deviceId')
  if status == 'revoked' then
    return { serial, deviceId, redis.call('HGET', key, 'reason'), redis.call('HGET', key, 'revokedAt'), 0 }
  end
  redis.call('HSET', key, 'status', 'revoked', 'reason', reason, 'revokedAt', at)
  redis.call('ZADD', KEYS[2], at, serial)
  redis.call('HSET', KEYS[3], serial, reason)
  return { serial, deviceId, reason, at, 1 }
end`;

const REVOKE_SERIAL = `${REVOKE_ONE}
local r = revoke(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
if not r then return {} end
return { r }`;

// The certificate keys are derived from ARGV[1] inside the script; they carry the registry's
// hash tag, so on a Cluster they are in the script's slot.
const REVOKE_DEVICE = `${REVOKE_ONE}
local out = {}
for _, serial in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local r = revoke(ARGV[1] .. serial, serial, ARGV[2], ARGV[3])
  if r then out[#out + 1] = r end
end
-- A table literal: the embedded store's Lua only converts those to a reply array. A device has
-- a handful of certificates, far below unpack's stack limit.
return { unpack(out) }`;

// Returns the ZRANGE and HGETALL replies as they are: building a large table in Lua would need
// unpack (stack-limited) to come back through the embedded store.
const CRL_SNAPSHOT = `
local n = redis.call('INCR', KEYS[1])
return { n, redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES'), redis.call('HGETALL', KEYS[3]) }`;

type OutcomeRow = [serial: string, deviceId: string, reason: string, revokedAt: string, newly: number];

/**
 * The device certificate registry on Redis or the embedded in-memory store (same code).
 * Keys, all under one hash tag so that revoking a device's certificates and taking a CRL
 * snapshot are single scripts on a Redis Cluster too (the registry is small: one hash per
 * issued certificate, kept without TTL):
 * - `P:{device-certificates}:cert:<serial hex>` hash: deviceId, issuedAt, notAfter (epoch ms),
 *   status (`active` | `revoked`), reason, revokedAt;
 * - `P:{device-certificates}:device:<deviceId>` set of serials issued to the device;
 * - `P:{device-certificates}:revoked` sorted set serial → revokedAt, and
 *   `P:{device-certificates}:revoked-reasons` hash serial → reason: the CRL's content, kept
 *   beside the certificate hashes so a CRL is read with two commands, not one per entry;
 * - `P:{device-certificates}:crl-number` counter.
 *
 * @example
 *   const registry = createRedisDeviceCertificateRegistry(redis, config.redisPrefix);
 */
export function createRedisDeviceCertificateRegistry(
  redis: Redis,
  prefix: string,
): DeviceCertificateRegistry {
  const base = `${prefix}:{device-certificates}:`;
  const certPrefix = `${base}cert:`;
  const certKey = (serial: bigint) => `${certPrefix}${serialHex(serial)}`;
  const deviceKey = (deviceId: string) => `${base}device:${deviceId}`;
  const revokedKey = `${base}revoked`;
  const reasonsKey = `${base}revoked-reasons`;
  const crlNumberKey = `${base}crl-number`;

  const toRecord = (serial: bigint, h: Record<string, string>): DeviceCertificateRecord | undefined => {
    if (!h.status || h.deviceId === undefined) return undefined;
    const revoked = h.status === 'revoked';
    return {
      serial,
      deviceId: h.deviceId,
      issuedAt: new Date(Number(h.issuedAt)),
      notAfter: new Date(Number(h.notAfter)),
      status: revoked ? 'revoked' : 'active',
      ...(revoked
        ? { revocation: { reason: reasonOf(h.reason), revokedAt: new Date(Number(h.revokedAt)) } }
        : {}),
    };
  };
  const toOutcome = ([serial, deviceId, reason, revokedAt, newly]: OutcomeRow): RevocationOutcome => ({
    serial: BigInt(`0x${serial}`),
    deviceId,
    reason: reasonOf(reason),
    revokedAt: new Date(Number(revokedAt)),
    newlyRevoked: Number(newly) === 1,
  });

  return {
    async record(certificate, issuedAt) {
      const stored = (await redis.eval(
        RECORD,
        2,
        certKey(certificate.serial),
        deviceKey(certificate.deviceId),
        serialHex(certificate.serial),
        certificate.deviceId,
        String(certificate.notAfter.getTime()),
        String(issuedAt.getTime()),
      )) as number;
      return stored === 1
        ? ok(undefined)
        : err(
            'device-registry.duplicate-serial',
            'a certificate with this serial number is already recorded',
          );
    },

    async find(serial) {
      return toRecord(serial, await redis.hgetall(certKey(serial)));
    },

    async findByDevice(deviceId) {
      const serials = (await redis.smembers(deviceKey(deviceId))).map((s) => BigInt(`0x${s}`));
      const records = await Promise.all(
        serials.map(async (s) => toRecord(s, await redis.hgetall(certKey(s)))),
      );
      return records
        .filter((r): r is DeviceCertificateRecord => r !== undefined)
        .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
    },

    async revoke(target, reason, at) {
      if (!Object.hasOwn(REVOCATION_REASON_CODE, reason)) throw new Error(`revoke: unknown reason ${reason}`);
      const rows = (
        'serial' in target
          ? await redis.eval(
              REVOKE_SERIAL,
              3,
              certKey(target.serial),
              revokedKey,
              reasonsKey,
              serialHex(target.serial),
              reason,
              String(at.getTime()),
            )
          : await redis.eval(
              REVOKE_DEVICE,
              3,
              deviceKey(target.deviceId),
              revokedKey,
              reasonsKey,
              certPrefix,
              reason,
              String(at.getTime()),
            )
      ) as OutcomeRow[];
      if (rows.length === 0) {
        return err(
          'device-registry.unknown-certificate',
          'no device certificate is recorded under this target',
        );
      }
      return ok(rows.map(toOutcome).sort((a, b) => (a.serial < b.serial ? -1 : 1)));
    },

    async crlSnapshot() {
      const [crlNumber, members, reasons] = (await redis.eval(
        CRL_SNAPSHOT,
        3,
        crlNumberKey,
        revokedKey,
        reasonsKey,
      )) as [string, string[], string[]];
      const reasonBySerial = new Map<string, string>();
      for (let i = 0; i + 1 < reasons.length; i += 2) reasonBySerial.set(reasons[i]!, reasons[i + 1]!);
      const revoked: RevokedEntry[] = [];
      for (let i = 0; i + 1 < members.length; i += 2) {
        revoked.push({
          serial: BigInt(`0x${members[i]}`),
          revokedAt: new Date(Number(members[i + 1])),
          reason: reasonOf(reasonBySerial.get(members[i]!)),
        });
      }
      // Integer on Redis, a whole float on the embedded store (Lua 5.3).
      return { crlNumber: BigInt(Math.trunc(Number(crlNumber))), revoked };
    },
  };
}

function reasonOf(value: string | undefined): RevocationReason {
  return value !== undefined && Object.hasOwn(REVOCATION_REASON_CODE, value)
    ? (value as RevocationReason)
    : 'unspecified';
}
