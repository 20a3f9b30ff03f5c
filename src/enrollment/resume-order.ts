import { timingSafeEqual } from 'node:crypto';
import { parseIdentityNumber } from '../shared/identity-number.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Order } from './order.js';
import type { RegistrationDeps } from './registration-deps.js';
import { registrationRateLimits as limits } from './registration-rate-limits.js';

/**
 * Coming back to an order in a new browser: the order code and the identity number, both right.
 * Unknown code, wrong number and malformed input all answer `resume.no-match`, so the form is no
 * oracle; attempts are limited per source and per code. A resumed browser follows the order but
 * is not its owner: it never sees or renews the activation secret (`activation-secret.ts`).
 */
export async function resumeOrder(
  deps: RegistrationDeps,
  input: { code: string; pidInput: string; source: string },
): Promise<Result<Order, 'resume.no-match' | 'rate.limited'>> {
  const bySource = await deps.limiter.hit(`reg-resume-ip:${input.source}`, limits.resumePerSource);
  if (!bySource.allowed) return err('rate.limited', 'too many attempts from this address');
  const normalised = input.code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 16);
  const byCode = await deps.limiter.hit(`reg-resume-code:${normalised}`, limits.resumePerCode);
  if (!byCode.allowed) return err('rate.limited', 'too many attempts for this order code');

  const noMatch = err('resume.no-match', 'no order with this code and identity number');
  const pid = parseIdentityNumber(input.pidInput, { synthetic: 'allow' });
  const found = await deps.orders.findByCode(input.code);
  if (!found.ok || !pid.ok) return noMatch;
  const stored = (await deps.vault.get(found.value.id))?.pid ?? '';
  const a = Buffer.from(stored.padEnd(11, '\0'));
  const b = Buffer.from(pid.value.value.padEnd(11, '\0'));
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    // Only a known order is a target worth auditing; the outcome names no input.
    await deps.audit.append({
      actor: 'user',
      action: 'order.resume',
      target: found.value.id,
      outcome: 'resume.no-match',
    });
    return noMatch;
  }
  await deps.audit.append({ actor: 'user', action: 'order.resume', target: found.value.id, outcome: 'ok' });
  return ok(found.value);
}
