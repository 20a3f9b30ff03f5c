import { createHmac } from 'node:crypto';

/** The fields of a standard-webhook `NotificationRequestItem` that Adyen's HMAC covers. */
export interface AdyenSignedFields {
  readonly pspReference: string;
  readonly originalReference?: string | undefined;
  readonly merchantAccountCode: string;
  readonly merchantReference: string;
  readonly amount: { readonly value: number; readonly currency: string };
  readonly eventCode: string;
  readonly success: string;
}

/**
 * The `hmacSignature` Adyen puts in `additionalData` of a standard webhook item:
 * base64(HMAC-SHA256(hex-decoded key, the eight fields joined by ':')). For notifications the
 * values are joined as they are, with no escaping and no sorting (the key:value escaping rule
 * belongs to the retired Hosted Payment Pages signature); an absent `originalReference` is an
 * empty field. Only these eight fields are signed: `eventDate`, `reason` and `additionalData`
 * are not, which is why the seen-notification store fingerprints the whole item.
 *
 * @example
 *   adyenNotificationSignature(item, '44782DEF…'); // 'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0='
 */
export function adyenNotificationSignature(item: AdyenSignedFields, hexKey: string): string {
  return createHmac('sha256', Buffer.from(hexKey, 'hex'))
    .update(adyenSigningString(item), 'utf8')
    .digest('base64');
}

/** The signed string itself; exported for the signature's published test vector. */
export function adyenSigningString(item: AdyenSignedFields): string {
  return [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
}
