import type { NameCheck } from '../payment/payment-provider.js';

const STRENGTH: Record<NameCheck, number> = { match: 0, partial: 1, unavailable: 2, 'no-match': 3 };

/**
 * Whether the issuer's cardholder-name verdict is at least as strong as the policy
 * (`CARDHOLDER_NAME_CHECK`). An unknown verdict is never accepted.
 *
 * @example nameCheckAccepted('partial', 'unavailable') // true
 */
export function nameCheckAccepted(
  verdict: NameCheck | undefined,
  policy: 'match' | 'partial' | 'unavailable',
): boolean {
  return verdict !== undefined && STRENGTH[verdict] <= STRENGTH[policy];
}
