import { parseIdentityNumber, type IdentityNumberError } from '../shared/identity-number.js';
import { err, ok, type Result } from '../shared/result.js';
import { ownerHashOf } from './activation-secret.js';
import type { Order } from './order.js';
import type { RegistrationDeps } from './registration-deps.js';
import { registrationRateLimits as limits } from './registration-rate-limits.js';

/**
 * Step 1: the identity number. Checked (checksum, date, synthetic rule), rate limited per source
 * and per number, then a new order is created with the number in the vault, not in the order,
 * together with the hash of the starting browser's nonce (only that browser sees the secret).
 *
 * @example const r = await startOrder(deps, { pidInput: form.pid, source: ctx.ip, ownerNonce });
 */
export async function startOrder(
  deps: RegistrationDeps,
  /** `ownerNonce`: the random nonce of the starting browser's order cookie (see `isOrderOwner`). */
  input: { pidInput: string; source: string; ownerNonce: string },
): Promise<Result<Order, IdentityNumberError | 'rate.limited' | 'order.code-exhausted'>> {
  const bySource = await deps.limiter.hit(`reg-pid-ip:${input.source}`, limits.identityPerSource);
  if (!bySource.allowed) return err('rate.limited', 'too many attempts from this address');
  const pid = parseIdentityNumber(input.pidInput, { synthetic: deps.syntheticNumbers });
  if (!pid.ok) return pid;
  const byNumber = await deps.limiter.hit(`reg-pid:${pid.value.value}`, limits.identityPerNumber);
  if (!byNumber.allowed) return err('rate.limited', 'too many orders for this identity number');

  const created = await deps.orders.create({ lifetimeMs: deps.settings.orderLifetimeMs });
  if (!created.ok) return created;
  // The vault record outlives the order a little (support still sees why it ended).
  await deps.vault.put(
    created.value.id,
    { pid: pid.value.value, ownerHash: ownerHashOf(input.ownerNonce) },
    deps.settings.orderLifetimeMs + 3_600_000,
  );
  deps.log.info({ event: 'registration.started', orderId: created.value.id }, 'registration started');
  return ok(created.value);
}
