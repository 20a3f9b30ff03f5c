import type { DeviceRecord, DeviceStatus } from './device-record.js';

/**
 * Persistence of device records (internal to the authenticator; support tools use `DeviceStore`).
 * `setStatus` is a compare-and-set: it changes the status only when the current one is in `from`,
 * so two racing state changes cannot both win.
 *
 * @example
 *   await records.create(device);
 *   await records.setStatus(device.id, ['pending_activation'], 'active', { activatedAt });
 */
export interface DeviceRecords {
  create(device: DeviceRecord): Promise<void>;
  get(deviceId: string): Promise<DeviceRecord | undefined>;
  listByPid(pid: string): Promise<DeviceRecord[]>;
  setStatus(
    deviceId: string,
    from: readonly DeviceStatus[],
    to: DeviceStatus,
    changes?: Partial<Pick<DeviceRecord, 'activatedAt' | 'statusReason'>>,
  ): Promise<DeviceRecord | undefined>;
  update(
    deviceId: string,
    changes: Partial<Pick<DeviceRecord, 'certificateSerial' | 'certificatePem' | 'pushToken'>>,
  ): Promise<void>;
}
