import { connectFromEnv } from './connect-from-env.js';
import { ENV_HELP } from './env-help.js';
import { formatFields } from './format-fields.js';
import { reportFailure } from './report-failure.js';
import { parseSupportCommand } from './parse-support-command.js';
import { usageError } from './usage-error.js';

const REASONS = ['holder-request', 'stuck', 'suspected-fraud', 'other'];

const HELP: Record<string, string> = {
  order: `Usage: npm run admin -- order show|cancel CODE [options]

Support for registration orders (roles admin and support; every call is audited).

  show CODE                       where the order is, and why it stopped
  cancel CODE [--reason REASON]   cancel it; a paid order is refunded

${ENV_HELP}`,
  show: `Usage: npm run admin -- order show CODE [--json]

Shows an order by the code the person reads out (e.g. K7QF-3M9P; any case, hyphen optional):
its state, times, failure reason and whether a refund is due. Names and document numbers are
never shown.

  --json   print the order as the API returns it

${ENV_HELP}`,
  cancel: `Usage: npm run admin -- order cancel CODE [--reason REASON] [--json]

Cancels an order that has not ended yet. When it was paid, the payment is refunded (once, even if
you run this twice); the output says whether the refund was requested, queued (the payment
provider could not be reached; it is asked again automatically) or failed.

  --reason REASON   one of ${REASONS.join(', ')} (default: cancelled by support)
  --json            print {order, refund} as the API returns it

${ENV_HELP}`,
};

/** `order show|cancel CODE`. */
export async function runOrderCommand(argv: string[]): Promise<number> {
  const parsed = parseSupportCommand('order', argv, {
    subs: ['show', 'cancel'] as const,
    help: HELP,
    reasonSub: 'cancel',
  });
  if (typeof parsed === 'number') return parsed;
  const { sub, values, positionals } = parsed;
  if (positionals.length !== 1) {
    return usageError(
      `order ${sub}`,
      positionals.length ? 'give exactly one order code' : 'missing order code',
    );
  }
  if (values.reason !== undefined && !REASONS.includes(values.reason)) {
    return usageError(`order ${sub}`, `--reason must be one of ${REASONS.join(', ')}`);
  }
  const api = connectFromEnv();
  if (!api.ok) return usageError(`order ${sub}`, api.detail);
  const code = encodeURIComponent(positionals[0]!);
  const r =
    sub === 'show'
      ? await api.value.call('GET', `/orders/${code}`)
      : await api.value.call(
          'POST',
          `/orders/${code}/cancel`,
          values.reason ? { reason: values.reason } : {},
        );
  if (r.kind !== 'ok') return reportFailure(r);
  if (values.json) {
    console.log(JSON.stringify(r.body, null, 2));
    return 0;
  }
  if (sub === 'show') {
    console.log(formatFields(r.body as Record<string, unknown>));
    return 0;
  }
  const { order, refund } = r.body as { order: Record<string, unknown>; refund: string };
  console.log(formatFields(order));
  console.log(
    refund === 'requested'
      ? 'Refund requested: the payment provider confirms it by notification.'
      : refund === 'queued'
        ? 'Refund queued: the payment provider could not be reached; it is asked again automatically (metric eid_refunds_owed).'
        : refund === 'failed'
          ? 'REFUND FAILED: the order is cancelled and marked refundRequired; refund it by hand in the payment provider.'
          : 'No refund needed: the order was not paid.',
  );
  return refund === 'failed' ? 1 : 0;
}
