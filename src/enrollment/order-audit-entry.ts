/**
 * An audit entry as the order domain produces it; the same shape as `AuditEntry` in
 * `src/shared/audit-log.ts`, restated here so the state machine stays free of adapter imports.
 * `target` is always the order id: never names, MRZ, chip data or identity numbers.
 */
export interface OrderAuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
}
