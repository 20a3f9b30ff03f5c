import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { err, ok, type Result } from '../shared/result.js';
import { adyenNotificationSchema, type AdyenNotificationItem } from './adyen-notification-schema.js';
import { adyenNotificationSignature, adyenSigningString } from './adyen-notification-signature.js';
import type {
  PaymentNotification,
  PaymentOutcome,
  VerifiedWebhook,
  WebhookErrorCode,
  WebhookHeaders,
} from './payment-provider.js';
import { readNameCheck } from './read-name-check.js';
import type { SeenNotificationStore } from './seen-notification-store.js';

export interface AdyenNotificationVerifierOptions {
  /** Hex HMAC keys; the current one first, then previous ones still accepted during a rotation. */
  readonly hmacKeys: readonly string[];
  readonly merchantAccount: string;
  /** Whether this endpoint takes live (`"true"`) or test (`"false"`) notifications. */
  readonly live: boolean;
  /** How far `eventDate` may lie from now, either way. */
  readonly replayWindowMs: number;
  /** How long an item's identity is remembered; longer than the PSP retries. */
  readonly seenTtlSeconds: number;
  /** Optional basic-auth credentials configured for the webhook in the Customer Area. */
  readonly basicAuth?: { readonly username: string; readonly password: string } | undefined;
  readonly seen: SeenNotificationStore;
  readonly clock: Clock;
}

/** Larger than any real delivery (Adyen batches up to a few items); a bigger body is not ours. */
const MAX_BODY_BYTES = 256 * 1024;

/** What the order acts on; every other authenticated event is acknowledged and ignored. */
function outcomeOf(item: AdyenNotificationItem): PaymentOutcome | undefined {
  const success = item.success === 'true';
  switch (item.eventCode) {
    case 'AUTHORISATION':
      return success ? 'authorised' : 'refused';
    case 'REFUND':
      return success ? 'refunded' : 'refund-failed';
    // Both mean the money did not go back to the card after all.
    case 'REFUND_FAILED':
    case 'REFUNDED_REVERSED':
      return 'refund-failed';
    default:
      return undefined;
  }
}

/**
 * The webhook pipeline shared by the Adyen and the sandbox adapter, one rule per step:
 * basic auth (when configured) → size and JSON shape → `live` flag → HMAC of every item
 * (constant-time, any configured key) → merchant account → `eventDate` within the window (or
 * an identical item accepted before: a late retry) → seen-store (first / identical retry /
 * edited replay). Every item of a delivery must pass
 * before any is recorded, so a rejected delivery changes no state.
 *
 * @example
 *   const r = await verifyAdyenNotification(rawBody, headers, { hmacKeys: [key], … });
 *   if (!r.ok) r.code; // 'payment.webhook-signature' | '…-stale' | '…-replayed' | '…-malformed'
 */
export async function verifyAdyenNotification(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  options: AdyenNotificationVerifierOptions,
): Promise<Result<VerifiedWebhook, WebhookErrorCode>> {
  if (options.basicAuth && !basicAuthMatches(headers, options.basicAuth)) {
    return err('payment.webhook-signature', 'The webhook credentials are missing or wrong.');
  }

  const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  if (bytes.length > MAX_BODY_BYTES) {
    return err('payment.webhook-malformed', 'The webhook body is too large.');
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return err('payment.webhook-malformed', 'The webhook body is not JSON.');
  }
  const parsed = adyenNotificationSchema.safeParse(json);
  if (!parsed.success) {
    return err('payment.webhook-malformed', 'The webhook body is not a standard notification.');
  }
  if ((parsed.data.live === 'true') !== options.live) {
    return err(
      'payment.webhook-malformed',
      `A ${parsed.data.live === 'true' ? 'live' : 'test'} notification reached a ${options.live ? 'live' : 'test'} endpoint.`,
    );
  }
  const items = parsed.data.notificationItems.map((i) => i.NotificationRequestItem);
  // The fingerprint covers the item as received, fields the schema does not know included.
  const rawItems = (
    json as { notificationItems: { NotificationRequestItem: unknown }[] }
  ).notificationItems.map((i) => i.NotificationRequestItem);

  for (const item of items) {
    if (!signatureValid(item, options.hmacKeys)) {
      return err('payment.webhook-signature', 'A notification item has a missing or wrong HMAC signature.');
    }
  }
  const now = options.clock.now().getTime();
  const checked: { id: string; fingerprint: string; knownDuplicate: boolean }[] = [];
  for (const [i, item] of items.entries()) {
    if (item.merchantAccountCode !== options.merchantAccount) {
      return err('payment.webhook-malformed', 'A notification item is for another merchant account.');
    }
    const at = Date.parse(item.eventDate);
    if (Number.isNaN(at)) {
      return err('payment.webhook-malformed', 'A notification item has no valid eventDate.');
    }
    const id = sha256(adyenSigningString(item));
    const fingerprint = sha256(JSON.stringify(rawItems[i]));
    let knownDuplicate = false;
    if (Math.abs(now - at) > options.replayWindowMs) {
      // An item we accepted before, byte for byte, is Adyen retrying after a lost
      // acknowledgement (its retries go on for days): acknowledging it again changes nothing.
      // Anything else this old is refused.
      if ((await options.seen.lookup(id)) !== fingerprint) {
        return err('payment.webhook-stale', 'A notification item lies outside the accepted time window.');
      }
      knownDuplicate = true;
    }
    checked.push({ id, fingerprint, knownDuplicate });
  }

  const recorded: { id: string; fingerprint: string }[] = [];
  const duplicates: boolean[] = [];
  for (const { id, fingerprint, knownDuplicate } of checked) {
    if (knownDuplicate) {
      duplicates.push(true);
      continue;
    }
    const seen = await options.seen.remember(id, fingerprint, options.seenTtlSeconds);
    if (seen === 'different') {
      for (const r of recorded) await options.seen.forget(r.id, r.fingerprint);
      return err(
        'payment.webhook-replayed',
        'A notification item was seen before with other content; this delivery is a replay.',
      );
    }
    if (seen === 'first') recorded.push({ id, fingerprint });
    duplicates.push(seen === 'same');
  }

  const notifications: PaymentNotification[] = [];
  const ignored: { eventCode: string; pspReference: string }[] = [];
  items.forEach((item, i) => {
    const outcome = outcomeOf(item);
    if (!outcome) {
      ignored.push({ eventCode: item.eventCode, pspReference: item.pspReference });
      return;
    }
    const names =
      outcome === 'authorised' || outcome === 'refused'
        ? readNameCheck(item.additionalData ?? undefined)
        : { nameCheck: 'unavailable' as const };
    const paymentLinkId = item.additionalData?.paymentLinkId;
    notifications.push({
      outcome,
      pspReference: item.pspReference,
      ...(item.originalReference ? { originalReference: item.originalReference } : {}),
      merchantReference: item.merchantReference,
      ...(typeof paymentLinkId === 'string' ? { paymentId: paymentLinkId } : {}),
      amount: { value: item.amount.value, currency: item.amount.currency },
      eventDate: new Date(Date.parse(item.eventDate)).toISOString(),
      nameCheck: names.nameCheck,
      ...('detail' in names && names.detail ? { nameCheckDetail: names.detail } : {}),
      ...(item.reason ? { reason: item.reason } : {}),
      duplicate: duplicates[i] ?? false,
    });
  });
  return ok({ notifications, ignored, acknowledgement: '[accepted]' });
}

function signatureValid(item: AdyenNotificationItem, keys: readonly string[]): boolean {
  const given = item.additionalData?.hmacSignature;
  if (typeof given !== 'string' || given.length === 0) return false;
  const givenBytes = Buffer.from(given, 'base64');
  // Every key is tried, without an early exit, so timing does not tell which key (if any) fitted.
  let valid = false;
  for (const key of keys) {
    const expected = Buffer.from(adyenNotificationSignature(item, key), 'base64');
    if (expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes)) valid = true;
  }
  return valid;
}

function basicAuthMatches(
  headers: WebhookHeaders,
  expected: { readonly username: string; readonly password: string },
): boolean {
  const header = headerValue(headers, 'authorization');
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6).trim(), 'base64');
  const wanted = Buffer.from(`${expected.username}:${expected.password}`, 'utf8');
  // Compare digests so that the comparison is constant-time whatever the lengths.
  return timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(wanted).digest(),
  );
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return typeof v === 'string' ? v : v?.[0];
  }
  return undefined;
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
