import { createHash, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../shared/result.js';
import type { OrderPrivate } from './order-private.js';
import type { RegistrationDeps } from './registration-deps.js';

/** SHA-256 of the browser nonce, as stored in the vault (`ownerHash`). */
export const ownerHashOf = (nonce: string) => createHash('sha256').update(nonce).digest('base64url');

/** Whether `nonce` (from the signed order cookie) is the one of the browser that started the order. */
export function isOrderOwner(priv: OrderPrivate | undefined, nonce: string | undefined): boolean {
  if (!priv?.ownerHash || !nonce) return false;
  const a = Buffer.from(priv.ownerHash);
  const b = Buffer.from(ownerHashOf(nonce));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The receipt's activation secret. Only the browser that started the order sees it or renews
 * it: a browser that resumed with order code + identity number proves it knows two things that
 * are read out on the phone or written on a note, not that it is the registrant. The secret is
 * shown once (taken with an atomic get-and-delete as it is shown). The owner may ask for a new
 * one while the eID is not activated; that replaces the previous secret (the eID store keeps
 * only the newest hash). A resumed browser is refused and told to contact support or register
 * again (no chip read here: docs/registration.md, "Browser binding").
 */
export const activationSecret = {
  async take(
    deps: RegistrationDeps,
    orderId: string,
    nonce: string | undefined,
  ): Promise<string | undefined> {
    if (!isOrderOwner(await deps.vault.get(orderId), nonce)) return undefined;
    return deps.vault.takeSecret(orderId);
  },
  async renew(
    deps: RegistrationDeps,
    orderId: string,
    nonce: string | undefined,
  ): Promise<Result<string, 'order.not-allowed' | 'rate.limited' | 'secret.not-owner'>> {
    const audit = (outcome: string) =>
      deps.audit.append({ actor: 'user', action: 'eid.activation-renewed', target: orderId, outcome });
    const order = await deps.orders.get(orderId);
    const priv = await deps.vault.get(orderId);
    if (!order.ok || order.value.state !== 'issued' || !priv) {
      await audit('order.not-allowed');
      return err('order.not-allowed', 'only an issued order has an activation code');
    }
    if (!isOrderOwner(priv, nonce)) {
      await audit('secret.not-owner');
      return err(
        'secret.not-owner',
        'a new activation code is given only in the browser that started the order',
      );
    }
    const rate = await deps.limiter.hit(`reg-renew:${orderId}`, { limit: 5, windowSeconds: 3600 });
    if (!rate.allowed) {
      await audit('rate.limited');
      return err('rate.limited', 'too many new codes for this order');
    }
    const record = await deps.eids.get(priv.pid);
    if (!record || record.status !== 'issued_not_activated' || record.evidence.orderId !== orderId) {
      await audit('order.not-allowed');
      return err('order.not-allowed', 'this eID is activated, revoked or issued by another order');
    }
    const { pid, givenName, familyName, birthDate, document, evidence } = record;
    const { secret } = await deps.eids.issue(
      { pid, givenName, familyName, birthDate, document, evidence },
      { validForMs: deps.settings.activationSecretValidityMs },
    );
    // A secret still waiting to be shown is void now; nobody should see it later.
    await deps.vault.dropSecret(orderId);
    await audit('ok');
    return ok(secret);
  },
};
