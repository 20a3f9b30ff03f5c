import type { z } from 'zod';
import { err, ok, type Result } from '../shared/result.js';
import type { CreatePaymentRequest, RefundRequest } from './payment-provider.js';
import { paymentRequestSchemas } from './payment-request-schemas.js';

type Invalid = 'payment.invalid-request';

/**
 * The first step of every adapter's `createPayment` and `refund`, in one place so that a bad call
 * from the order code is refused with the same code and sentence in the sandbox and against
 * Adyen, before any state or network is touched.
 *
 * @example
 *   const parsed = readPaymentRequest.createPayment(request, options.currency);
 *   if (!parsed.ok) return parsed;
 */
export const readPaymentRequest = {
  /** The port's shape, and the one currency orders are charged in (config). */
  createPayment(
    request: CreatePaymentRequest,
    currency: string,
  ): Result<z.output<typeof paymentRequestSchemas.createPayment>, Invalid> {
    const parsed = paymentRequestSchemas.createPayment.safeParse(request);
    if (!parsed.success)
      return err('payment.invalid-request', 'The payment request is incomplete or malformed.');
    const r = parsed.data;
    if (r.amount.currency !== currency) {
      return err('payment.invalid-request', `Orders are charged in ${currency}, not ${r.amount.currency}.`);
    }
    return ok(r);
  },

  refund(request: RefundRequest): Result<z.output<typeof paymentRequestSchemas.refund>, Invalid> {
    const parsed = paymentRequestSchemas.refund.safeParse(request);
    if (!parsed.success)
      return err('payment.invalid-request', 'The refund request is incomplete or malformed.');
    return ok(parsed.data);
  },
};
