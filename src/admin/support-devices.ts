import type { DeviceRecord } from '../device/app/device-record.js';
import type { DeviceStore } from '../device/app/device-store.js';
import { ok } from '../shared/result.js';
import type { SupportDeviceSummary, SupportDevices } from './support-deps.js';

const summary = (d: DeviceRecord): SupportDeviceSummary => ({
  id: d.id,
  status: d.status,
  platform: d.platform,
  appVersion: d.appVersion,
  attestation: d.attestationLevel,
  createdAt: d.enrolledAt,
  ...(d.activatedAt ? { lastUsedAt: d.activatedAt } : {}),
  ...(d.statusReason ? { blockedReason: d.statusReason } : {}),
});

/**
 * The authenticator's device store as support sees it: no public key, push token or certificate,
 * and changes made in support's name (`support:<admin name>` in the device's own audit entries).
 */
export function supportDevices(store: DeviceStore): SupportDevices {
  return {
    async listByPid(pid) {
      return (await store.listByPid(pid)).map(summary);
    },
    async block(id, reason, actor) {
      const r = await store.block(id, reason, actor);
      return r.ok ? ok(summary(r.value)) : r;
    },
    async unblock(id, actor) {
      const r = await store.unblock(id, actor);
      return r.ok ? ok(summary(r.value)) : r;
    },
  };
}
