import type { EidStore } from '../../eid/eid-store.js';
import type { AuditLog } from '../../shared/audit-log.js';
import type { Clock } from '../../shared/clock.js';
import { err, ok } from '../../shared/result.js';
import type { DeviceCertificateRegistry } from '../certificate/device-certificate-registry.js';
import type { RevocationReason } from '../certificate/revocation-reason.js';
import type { DeviceCertificateIssuer } from './device-certificate-issuer.js';
import type { DeviceRecords } from './device-records.js';
import type { DeviceStore } from './device-store.js';

const COMPROMISE = new Set(['lost', 'stolen', 'pin_blocked', 'compromised', 'suspected-fraud']);

/**
 * `DeviceStore` over the device records, the certificate registry and the issuer: the state
 * change first (compare-and-set), then the certificate, then the audit entry.
 *
 * @example const store = createDeviceStore({ records, registry, certificates, eids, audit, clock })
 */
export function createDeviceStore(deps: {
  records: DeviceRecords;
  registry: DeviceCertificateRegistry;
  certificates: DeviceCertificateIssuer;
  eids: EidStore;
  audit: AuditLog;
  clock: Clock;
  /** Told about every device that may no longer answer (e.g. to end its pending request). */
  onDisabled?: (deviceId: string) => Promise<void>;
}): DeviceStore {
  const revoke = async (deviceId: string, reason: RevocationReason) => {
    // No certificate yet (a pending device) is fine: there is nothing to revoke.
    await deps.registry.revoke({ deviceId }, reason, deps.clock.now());
  };
  const audit = (actor: string, action: string, target: string, outcome: string) =>
    deps.audit.append({ actor, action, target, outcome });

  return {
    listByPid: (pid) => deps.records.listByPid(pid),
    get: (id) => deps.records.get(id),

    async block(deviceId, reason, actor = 'system') {
      const changed = await deps.records.setStatus(deviceId, ['pending_activation', 'active'], 'blocked', {
        statusReason: reason,
      });
      if (!changed) {
        const device = await deps.records.get(deviceId);
        await audit(actor, 'device.block', deviceId, device ? 'device.not-blockable' : 'device.not-found');
        return device
          ? err('device.not-blockable', `the device is ${device.status}`)
          : err('device.not-found', 'no such device');
      }
      await revoke(deviceId, COMPROMISE.has(reason) ? 'keyCompromise' : 'cessationOfOperation');
      await deps.onDisabled?.(deviceId);
      await audit(actor, 'device.block', deviceId, 'ok');
      return ok(changed);
    },

    async unblock(deviceId, actor = 'system') {
      const device = await deps.records.get(deviceId);
      if (!device) return err('device.not-found', 'no such device');
      if (device.status !== 'blocked') return err('device.not-blocked', `the device is ${device.status}`);
      if (device.statusReason === 'pin_blocked' || !device.certificateSerial) {
        return err('device.needs-reactivation', 'the app must be enrolled and activated again');
      }
      const eid = await deps.eids.get(device.pid);
      if (!eid || eid.status !== 'active') return err('device.needs-reactivation', 'the eID is not active');
      const cert = await deps.certificates.issue(device, eid);
      if (!cert.ok) return err('device.certificate-failed', cert.detail);
      const changed = await deps.records.setStatus(deviceId, ['blocked'], 'active', { statusReason: '' });
      if (!changed) return err('device.not-blocked', 'the device changed meanwhile');
      await deps.records.update(deviceId, {
        certificateSerial: cert.value.serialHex,
        certificatePem: cert.value.pem,
      });
      await audit(actor, 'device.unblock', deviceId, 'ok');
      return ok({ ...changed, certificateSerial: cert.value.serialHex, certificatePem: cert.value.pem });
    },

    async remove(deviceId, reason = 'removed', actor = 'system') {
      const changed = await deps.records.setStatus(
        deviceId,
        ['pending_activation', 'active', 'blocked'],
        'removed',
        { statusReason: reason },
      );
      if (!changed) {
        const device = await deps.records.get(deviceId);
        return device ? ok(device) : err('device.not-found', 'no such device');
      }
      await revoke(deviceId, COMPROMISE.has(reason) ? 'keyCompromise' : 'cessationOfOperation');
      await deps.onDisabled?.(deviceId);
      await audit(actor, 'device.remove', deviceId, 'ok');
      return ok(changed);
    },
  };
}
