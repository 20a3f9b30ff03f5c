import { err, ok, type Result } from '../shared/result.js';
import { nameCheckAccepted } from './name-check-accepted.js';
import type { Order } from './order.js';
import { refundOrderPayment } from './refund-order-payment.js';
import type { RegistrationDeps } from './registration-deps.js';

export type IssueError = 'order.not-allowed' | 'order.gone' | 'issue.in-progress' | 'issue.refused';

/**
 * Issuance: a paid order becomes an eID waiting for activation. Runs once per order across
 * instances (a claim), so a duplicate webhook or a retry after a crash never issues twice. It
 * re-checks, from the order record itself, what must hold whoever calls it: the cardholder-name
 * verdict recorded with the payment meets the policy, and the person's eID is not revoked.
 * Otherwise the order fails (`payment.cardholder-mismatch`, `payment.name-check-missing`,
 * `eid.revoked`) and the payment is refunded. The clear activation secret is kept (encrypted,
 * its own key) only until the receipt shows it.
 *
 * A paid order is issued after its expiry too (the state machine allows it): the user paid while
 * the order was open.
 */
export async function issueEidForOrder(
  deps: RegistrationDeps,
  orderId: string,
): Promise<Result<Order, IssueError>> {
  const order = await deps.orders.get(orderId);
  if (!order.ok) return err('order.gone', 'the order no longer exists');
  const o = order.value;
  if (o.state === 'issued') return ok(o);
  if (o.state !== 'paid' || !o.chip || !o.payment)
    return err('order.not-allowed', `cannot issue in state ${o.state}`);
  const priv = await deps.vault.get(orderId);
  if (!priv?.person || !priv.document)
    throw new Error(`order ${orderId} is paid without register or chip data`);
  // Two genuine chips raced for one order: the vault holds the loser's document. Broken invariant.
  if (priv.sodDigest !== undefined && priv.sodDigest !== o.chip.sodDigest)
    throw new Error(`order ${orderId}: the stored document is not the verified chip's`);

  // The verdict travels with the payment; `priv.nameCheck` only for orders paid before that.
  const verdict = o.payment.nameCheck ?? priv.nameCheck;
  if (!nameCheckAccepted(verdict, deps.settings.cardholderNameCheck))
    return failPaid(
      deps,
      o,
      verdict === undefined ? 'payment.name-check-missing' : 'payment.cardholder-mismatch',
    );

  if (!(await deps.vault.claim(orderId, 'issue', 120)))
    return err('issue.in-progress', 'issuance is running');
  try {
    // A revoked eID is support's decision; a new registration must not route around it.
    const existing = await deps.eids.get(priv.pid);
    if (existing?.status === 'revoked') return await failPaid(deps, o, 'eid.revoked');
    const auditId = await deps.audit.append({
      actor: 'system',
      action: 'eid.issue',
      target: orderId,
      outcome: 'ok',
    });
    const nameCheck = verdict === 'match' || verdict === 'partial' ? verdict : 'unavailable';
    const { record, secret } = await deps.eids.issue(
      {
        pid: priv.pid,
        givenName: priv.person.givenName,
        familyName: priv.person.familyName,
        birthDate: priv.person.birthDate,
        document: priv.document,
        evidence: {
          orderId,
          auditId,
          activeAuthentication: o.chip.activeAuthentication,
          sodDigest: o.chip.sodDigest,
          ...(priv.faceMatchScore !== undefined ? { faceMatchScore: priv.faceMatchScore } : {}),
          cardholderNameCheck: nameCheck,
        },
      },
      { validForMs: deps.settings.activationSecretValidityMs },
    );
    await deps.vault.putSecret(orderId, secret, deps.settings.orderLifetimeMs + 3_600_000);
    const issued = await deps.orders.apply(orderId, { type: 'issued', key: 'issue', eidRef: record.id });
    if (!issued.ok) {
      deps.log.warn(
        { event: 'registration.issue-not-recorded', orderId, code: issued.code },
        'eID issued, order not updated',
      );
      return err('order.not-allowed', issued.detail);
    }
    deps.log.info({ event: 'registration.issued', orderId, nameCheck }, 'eID issued');
    return ok(issued.value.order);
  } catch (e) {
    await deps.vault.release(orderId, 'issue');
    throw e;
  }
}

/** Ends a paid order without an eID: the reason on the page, the order failed, the money back. */
async function failPaid(
  deps: RegistrationDeps,
  o: Order,
  reasonCode: 'payment.cardholder-mismatch' | 'payment.name-check-missing' | 'eid.revoked',
): Promise<Result<Order, IssueError>> {
  await deps.vault.update(o.id, { lastProblem: reasonCode });
  const failed = await deps.orders.apply(o.id, { type: 'fail', key: `fail:${reasonCode}`, reasonCode });
  deps.log.info({ event: 'registration.issue-refused', orderId: o.id, reasonCode }, 'eID not issued');
  if (o.payment)
    await refundOrderPayment(deps, {
      orderId: o.id,
      pspReference: o.payment.paymentRef,
      amount: deps.settings.price,
      reason: 'order-failed',
    });
  return failed.ok ? err('issue.refused', reasonCode) : err('order.not-allowed', failed.detail);
}
