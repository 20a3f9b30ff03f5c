import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DeviceRecord } from './device-record.js';
import type { DeviceRecords } from './device-records.js';

type ScriptRedis = Redis & { deviceSetStatus(...args: string[]): Promise<number> };

// Compare-and-set of the status field: KEYS[1] device hash; ARGV[1] allowed "from" statuses
// joined by ",", ARGV[2] new status, then field/value pairs to write with it.
const SET_STATUS = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 0 end
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == current then allowed = true end end
if not allowed then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
`;

const FIELDS = [
  'id',
  'pid',
  'platform',
  'appVersion',
  'pushToken',
  'attestationLevel',
  'status',
  'certificateSerial',
  'certificatePem',
  'enrolledAt',
  'activatedAt',
  'pendingUntil',
  'statusReason',
] as const;

/**
 * Device records in Redis (or the embedded store). Key names carry HMACs only:
 * `P:device:{HMAC(deviceId)}` (hash, the record) and `P:devices-of:{HMAC(pid)}` (set of device ids),
 * so neither identity numbers nor device ids show in SCAN or MONITOR output. No TTL: removed
 * devices stay for support and audit.
 *
 * @example const records = createRedisDeviceRecords(redis, { prefix: 'eid', keySecret })
 */
export function createRedisDeviceRecords(
  redis: Redis,
  options: { prefix: string; keySecret: string },
): DeviceRecords {
  const r = redis as ScriptRedis;
  if (typeof r.deviceSetStatus !== 'function') {
    redis.defineCommand('deviceSetStatus', { numberOfKeys: 1, lua: SET_STATUS });
  }
  const mac = (label: string, v: string) =>
    createHmac('sha256', options.keySecret).update(`${label}\0${v}`).digest('base64url');
  const deviceKey = (id: string) => `${options.prefix}:device:{${mac('device', id)}}`;
  const personKey = (pid: string) => `${options.prefix}:devices-of:{${mac('person', pid)}}`;

  const read = async (id: string): Promise<DeviceRecord | undefined> => {
    const h = await redis.hgetall(deviceKey(id));
    if (!h.id || !h.publicJwk) return undefined;
    const record: Record<string, unknown> = { publicJwk: JSON.parse(h.publicJwk) };
    if (h.attestation) record.attestation = JSON.parse(h.attestation);
    for (const f of FIELDS) if (h[f] !== undefined && h[f] !== '') record[f] = h[f];
    return record as unknown as DeviceRecord;
  };

  return {
    async create(device) {
      const fields: Record<string, string> = { publicJwk: JSON.stringify(device.publicJwk) };
      if (device.attestation) fields.attestation = JSON.stringify(device.attestation);
      for (const f of FIELDS) {
        const v = device[f];
        if (v !== undefined) fields[f] = String(v);
      }
      await redis.multi().hset(deviceKey(device.id), fields).sadd(personKey(device.pid), device.id).exec();
    },
    get: read,
    async listByPid(pid) {
      const ids = await redis.smembers(personKey(pid));
      const all = await Promise.all(ids.map(read));
      return all
        .filter((d): d is DeviceRecord => d !== undefined && d.pid === pid)
        .sort((a, b) => a.enrolledAt.localeCompare(b.enrolledAt));
    },
    async setStatus(deviceId, from, to, changes = {}) {
      const pairs = Object.entries(changes).flatMap(([k, v]) => (v === undefined ? [] : [k, String(v)]));
      const changed = await r.deviceSetStatus(deviceKey(deviceId), from.join(','), to, ...pairs);
      return changed === 1 ? read(deviceId) : undefined;
    },
    async update(deviceId, changes) {
      const fields = Object.fromEntries(
        Object.entries(changes).filter(([, v]) => v !== undefined) as [string, string][],
      );
      if (Object.keys(fields).length) await redis.hset(deviceKey(deviceId), fields);
    },
  };
}
