/**
 * One DER element. Offsets point into `bytes`, the caller's buffer, so `raw` is the exact bytes
 * received (what a signature covers), never a re-encoding.
 */
export interface DerNode {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly tagClass: 0 | 1 | 2 | 3;
  readonly constructed: boolean;
  /** Tag number within its class, e.g. 16 for SEQUENCE, 702 for the KeyDescription's `[702]`. */
  readonly tagNumber: number;
  /** Contents octets. */
  readonly value: Uint8Array;
  /** Identifier, length and contents. */
  readonly raw: Uint8Array;
}
