import type { Result } from '../../shared/result.js';
import type { DeviceRecord } from './device-record.js';

export type DeviceStoreError =
  | 'device.not-found'
  | 'device.not-blockable'
  | 'device.not-blocked'
  | 'device.needs-reactivation'
  | 'device.certificate-failed';

/**
 * Port for support tools and the app API: a person's authenticator devices and the state changes
 * support may make. Every change writes an audit entry (actor, device id, outcome; never the
 * identity number).
 *
 * - `listByPid(pid)`: every device of a person, oldest first, removed ones included.
 * - `get(deviceId)`: one device, or undefined.
 * - `block(deviceId, reason, actor?)`: `pending_activation` or `active` → `blocked`; revokes its
 *   certificates (`keyCompromise` for `lost`/`stolen`/`pin_blocked`, else `cessationOfOperation`). Logins
 *   and approvals from it stop at once.
 * - `unblock(deviceId, actor?)`: `blocked` → `active` with a new certificate (a revoked certificate
 *   stays revoked). A device blocked for `pin_blocked` is refused (`device.needs-reactivation`):
 *   the person enrolls the app again with a new activation secret.
 * - `remove(deviceId, reason?, actor?)`: any status → `removed` for good; certificates revoked.
 *
 * @example
 *   const devices = await store.listByPid(pid);
 *   const r = await store.block(devices[0].id, 'lost', 'support:kari');
 *   if (!r.ok) return answer(r.code);
 */
export interface DeviceStore {
  listByPid(pid: string): Promise<DeviceRecord[]>;
  get(deviceId: string): Promise<DeviceRecord | undefined>;
  block(deviceId: string, reason: string, actor?: string): Promise<Result<DeviceRecord, DeviceStoreError>>;
  unblock(deviceId: string, actor?: string): Promise<Result<DeviceRecord, DeviceStoreError>>;
  remove(deviceId: string, reason?: string, actor?: string): Promise<Result<DeviceRecord, DeviceStoreError>>;
}
