import type { Order } from '../enrollment/order.js';

/**
 * What support may see of an order: where it is, why it stopped, whether money must go back.
 * No names, MRZ fields or document numbers: a caller reading out an order code proves nothing
 * about who they are, so the answer must not tell them anything about the person.
 */
export function orderSupportView(order: Order): Record<string, unknown> {
  return {
    id: order.id,
    code: order.code,
    state: order.state,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    expiresAt: order.expiresAt,
    chipVerified: order.chip !== undefined,
    ...(order.chip
      ? {
          document: {
            issuingState: order.chip.holder.issuingState,
            type: order.chip.holder.documentCode,
            activeAuthentication: order.chip.activeAuthentication,
          },
        }
      : {}),
    registryMatched: order.personRef !== undefined,
    paid: order.payment !== undefined,
    ...(order.payment ? { paidAt: order.payment.confirmedAt } : {}),
    ...(order.issuance ? { issuedAt: order.issuance.issuedAt } : {}),
    ...(order.failure ? { failure: order.failure } : {}),
    ...(order.cancellation ? { cancellation: order.cancellation } : {}),
    refundRequired: order.refundRequired === true,
  };
}
