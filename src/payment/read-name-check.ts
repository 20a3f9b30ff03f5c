import type { NameCheck } from './payment-provider.js';

const PREFIX = 'paymentValidations.name.';
const FIELDS = ['fullName', 'firstName', 'middleName', 'lastName'] as const;
const VERDICTS: Readonly<Record<string, 'match' | 'partialMatch' | 'noMatch'>> = {
  match: 'match',
  partialMatch: 'partialMatch',
  noMatch: 'noMatch',
};

/**
 * The issuer's cardholder-name verdict (Visa Account Name Inquiry / Mastercard name validation)
 * from a notification item's flat `additionalData`, where Adyen's `paymentValidations.name`
 * response object appears flattened with dotted keys:
 *
 *   paymentValidations.name.status            performed | notPerformed | notSupported
 *   paymentValidations.name.result.fullName   match | partialMatch | noMatch  (Mastercard; Visa may too)
 *   paymentValidations.name.result.firstName / .middleName / .lastName        (Visa)
 *   paymentValidations.name.result            match | partialMatch | noMatch  (one overall verdict)
 *
 * Anything else (absent, not performed, an unknown value) is `unavailable`: the order then
 * records that the card-in-own-name check was weaker, instead of guessing.
 *
 * @example
 *   readNameCheck({ 'paymentValidations.name.status': 'performed',
 *     'paymentValidations.name.result.fullName': 'partialMatch' }); // { nameCheck: 'partial', … }
 */
export function readNameCheck(additionalData: Readonly<Record<string, unknown>> | undefined): {
  nameCheck: NameCheck;
  detail?: Record<string, string>;
} {
  if (!additionalData) return { nameCheck: 'unavailable' };
  const status = additionalData[`${PREFIX}status`];
  if (status !== undefined && status !== 'performed') return { nameCheck: 'unavailable' };

  const overall = additionalData[`${PREFIX}result`];
  if (typeof overall === 'string') {
    const v = VERDICTS[overall];
    return v ? { nameCheck: toNameCheck([v]), detail: { result: v } } : { nameCheck: 'unavailable' };
  }

  const detail: Record<string, string> = {};
  for (const field of FIELDS) {
    const raw = additionalData[`${PREFIX}result.${field}`];
    if (typeof raw !== 'string') continue;
    const v = VERDICTS[raw];
    // An unknown verdict word makes the whole answer unreadable rather than half-read.
    if (!v) return { nameCheck: 'unavailable' };
    detail[field] = v;
  }
  // fullName is the scheme's overall verdict when present; otherwise the per-part verdicts combine.
  const verdicts = detail.fullName ? [detail.fullName] : Object.values(detail);
  if (verdicts.length === 0) return { nameCheck: 'unavailable' };
  return { nameCheck: toNameCheck(verdicts), detail };
}

function toNameCheck(verdicts: readonly string[]): NameCheck {
  if (verdicts.every((v) => v === 'match')) return 'match';
  if (verdicts.every((v) => v === 'noMatch')) return 'no-match';
  return 'partial';
}
