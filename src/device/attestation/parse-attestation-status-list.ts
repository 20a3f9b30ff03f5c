import { z } from 'zod';
import { err, ok, type Result } from '../../shared/result.js';
import type { AttestationStatusListErrorCode } from './attestation-status-list.js';
import { normaliseCertificateSerial } from './normalise-certificate-serial.js';

/** Google's list is some hundred kB; anything near this is not the status list. */
export const DEFAULT_MAX_STATUS_LIST_BYTES = 10 * 1024 * 1024;

/**
 * A serial as hex, any case, leading zeros allowed (normalised afterwards). Google writes
 * `^[a-f1-9][a-f0-9]*$`; RFC 5280 serials are at most 20 octets (40 digits), 128 leaves room for
 * non-conforming certificates.
 */
const HEX_SERIAL = /^[0-9a-fA-F]{1,128}$/;

/**
 * The documented JSON Schema (developer.android.com, "Certificate revocation status list"):
 * `{ "entries": { "<serial, lowercase hex>": { "status": "REVOKED" | "SUSPENDED",
 * "expires"?: "YYYY-MM-DD", "reason"?: …, "comment"?: … } } }`.
 *
 * Only what the decision needs is read: the keys and each entry's `status`. `expires`, `reason`
 * and `comment` are informational (an expired certificate fails the verifier's validity check
 * anyway) and are not read, so a change in them cannot make a good list unreadable. Unknown
 * fields are ignored for the same reason. A missing `entries` object or an entry without a
 * string `status` is a format change: the whole document is refused and the last good list kept.
 */
const statusListSchema = z.object({
  entries: z.record(z.string(), z.object({ status: z.string().min(1).max(64) })),
});

/** What a status list says, with serials normalised (`normaliseCertificateSerial`). */
export interface AttestationStatusListContent {
  /** Normalised serial → status as Google wrote it (`REVOKED`, `SUSPENDED`, or one this code does not know). */
  readonly entries: ReadonlyMap<string, string>;
  readonly counts: {
    readonly revoked: number;
    readonly suspended: number;
    /** Entries with a status other than REVOKED / SUSPENDED; refused too (see below). */
    readonly otherStatus: number;
    /** Keys that are not a hex serial: they cannot match a certificate, so they are skipped. */
    readonly ignoredKeys: number;
  };
}

type Parsed = Result<AttestationStatusListContent, AttestationStatusListErrorCode>;

/**
 * Reads Google's attestation certificate status list (https://android.googleapis.com/attestation/status)
 * from the response body. Bounded: more than `maxBytes` is refused before decoding. The body
 * must be UTF-8 JSON.
 *
 * Every listed serial ends up in `entries`, whatever its status: the list holds only "certificates
 * that don't have a normal valid status", so an entry with a status this code does not know is
 * not a reason to accept the key (counted as `otherStatus`).
 *
 * Errors are `status-list.too-large`, `status-list.invalid-json` and `status-list.invalid-format`;
 * their detail names the failing field but never a serial (`entries.<serial>.status`).
 *
 * @example
 *   const r = parseAttestationStatusList('{"entries":{"3e9":{"status":"REVOKED"}}}');
 *   r.ok && r.value.entries.has(normaliseCertificateSerial(cert.serialNumber));
 */
export function parseAttestationStatusList(
  body: string | Uint8Array,
  maxBytes: number = DEFAULT_MAX_STATUS_LIST_BYTES,
): Parsed {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > maxBytes) {
    return err('status-list.too-large', `the status list is ${size} bytes, more than ${maxBytes}`);
  }

  let json: unknown;
  try {
    const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
    json = JSON.parse(text);
  } catch {
    return err('status-list.invalid-json', 'the status list is not UTF-8 JSON');
  }

  const parsed = statusListSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0]!;
    // The segment after `entries` is a serial: list content, kept out of logs and health.
    const path = first.path.map((p, i) => (i === 1 && first.path[0] === 'entries' ? '<serial>' : String(p)));
    const where = path.length ? path.join('.') : 'document';
    const more = issues.length > 1 ? ` (${issues.length} problems)` : '';
    return err('status-list.invalid-format', `${where}: ${first.message}${more}`);
  }

  const entries = new Map<string, string>();
  let revoked = 0;
  let suspended = 0;
  let otherStatus = 0;
  let ignoredKeys = 0;
  for (const [key, { status }] of Object.entries(parsed.data.entries)) {
    if (!HEX_SERIAL.test(key)) {
      ignoredKeys++;
      continue;
    }
    const serial = normaliseCertificateSerial(key);
    // Two spellings of one serial (`0abc`, `abc`): one entry; REVOKED outranks the rest.
    const previous = entries.get(serial);
    if (previous === 'REVOKED') continue;
    if (previous !== undefined) {
      if (previous === 'SUSPENDED') suspended--;
      else otherStatus--;
    }
    entries.set(serial, status);
    if (status === 'REVOKED') revoked++;
    else if (status === 'SUSPENDED') suspended++;
    else otherStatus++;
  }
  // Google's list has carried revoked batch keys since it was published; an empty one is a broken
  // mirror or a tampered answer, and accepting it would quietly switch the revocation check off.
  if (entries.size === 0)
    return err('status-list.invalid-format', 'the status list has no entries (the real one never is empty)');
  return ok({ entries, counts: { revoked, suspended, otherStatus, ignoredKeys } });
}
