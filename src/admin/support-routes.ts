import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { HttpError } from '../shared/http-error.js';
import { parseIdentityNumber } from '../shared/identity-number.js';
import { readJson } from '../shared/read-json.js';
import { cancelOrderForSupport } from './cancel-order-for-support.js';
import { orderSupportView } from './order-support-view.js';
import type { SupportDeps } from './support-deps.js';

type Allow = (...roles: ('admin' | 'support')[]) => (ctx: Context, next: Next) => Promise<void>;
type AuditState = { audit?: { action: string; target: string } };

// Reason codes, not free text: what support types must not become personal data in the audit log.
const deviceReason = z.enum(['lost', 'stolen', 'suspected-fraud', 'holder-request', 'other']);
const cancelBody = z
  .object({ reason: z.enum(['holder-request', 'stuck', 'suspected-fraud', 'other']).optional() })
  .strict();
const blockBody = z.object({ reason: deviceReason }).strict();
// The identity number travels in the body, never in the URL: URLs end up in access logs.
const personBody = z.object({ pid: z.string().max(20) }).strict();

const setAudit = (ctx: Context, action: string, target: string) => {
  (ctx.state as AuditState).audit = { action, target };
};
const invalid = (field: string, detail: string) =>
  new HttpError(400, 'invalid_request', `${field}: ${detail}`);

/**
 * Support tools under /admin/v1 (roles admin and support, audited by the admin router):
 * an order by its code, cancelling it with a refund, a person's eID and devices by identity
 * number, and blocking or unblocking a device.
 */
export function addSupportRoutes(
  router: Router,
  deps: SupportDeps,
  options: { allow: Allow; maxBodyBytes: number; synthetic: 'only' | 'deny' | 'allow' },
): void {
  const staff = options.allow('admin', 'support');
  const body = async <T>(ctx: Context, schema: z.ZodType<T>): Promise<T> => {
    const parsed = schema.safeParse(await readJson(ctx, options.maxBodyBytes));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw invalid(issue.path.join('.') || 'body', issue.message);
    }
    return parsed.data;
  };
  const findOrder = async (ctx: Context) => {
    const found = await deps.orders.findByCode(ctx.params.code ?? '');
    if (!found.ok && found.code === 'order-code.format') throw invalid('code', found.detail);
    if (!found.ok) throw new HttpError(404, 'order.not-found', 'no order with this code');
    return found.value;
  };

  router.get('/orders/:code', staff, async (ctx) => {
    setAudit(ctx, 'order.read', '-');
    const order = await findOrder(ctx);
    setAudit(ctx, 'order.read', order.id);
    ctx.body = orderSupportView(order);
  });

  router.post('/orders/:code/cancel', staff, async (ctx) => {
    setAudit(ctx, 'order.cancel', '-');
    const { reason } = await body(ctx, cancelBody);
    const order = await findOrder(ctx);
    setAudit(ctx, 'order.cancel', order.id);
    const r = await cancelOrderForSupport(deps, order.id, reason ? `cancel.${reason}` : undefined);
    if (!r.ok) {
      const status = r.code === 'order.not-found' ? 404 : 409;
      throw new HttpError(status, r.code, r.detail);
    }
    if (r.value.refund === 'failed') setAudit(ctx, 'order.cancel.refund-failed', order.id);
    if (r.value.refund === 'queued') setAudit(ctx, 'order.cancel.refund-queued', order.id);
    ctx.body = { order: orderSupportView(r.value.order), refund: r.value.refund };
  });

  router.post('/person-lookup', staff, async (ctx) => {
    setAudit(ctx, 'person.lookup', '-');
    const { pid } = await body(ctx, personBody);
    const parsed = parseIdentityNumber(pid, { synthetic: options.synthetic });
    if (!parsed.ok) throw invalid('pid', parsed.detail);
    const eid = await deps.eids.get(parsed.value.value);
    setAudit(ctx, 'person.lookup', eid?.id ?? 'no-eid');
    ctx.body = {
      eid: eid
        ? {
            id: eid.id,
            status: eid.status,
            issuedAt: eid.issuedAt,
            ...(eid.activatedAt ? { activatedAt: eid.activatedAt } : {}),
            orderId: eid.evidence.orderId,
            activationPending: Boolean(eid.activation && !eid.activation.consumedAt),
          }
        : null,
      devices: deps.devices ? await deps.devices.listByPid(parsed.value.value) : [],
    };
  });

  const deviceAction = (action: 'block' | 'unblock') =>
    router.post(`/devices/:deviceId/${action}`, staff, async (ctx) => {
      const deviceId = ctx.params.deviceId!;
      setAudit(ctx, `device.${action}`, deviceId);
      const reason = action === 'block' ? (await body(ctx, blockBody)).reason : undefined;
      if (!deps.devices) throw new HttpError(404, 'device.not-found', 'no device with this id');
      const actor = `support:${(ctx.state as { admin?: { name: string } }).admin?.name ?? 'unknown'}`;
      const r =
        action === 'block'
          ? await deps.devices.block(deviceId, reason!, actor)
          : await deps.devices.unblock(deviceId, actor);
      if (!r.ok) throw new HttpError(r.code === 'device.not-found' ? 404 : 409, r.code, r.detail);
      ctx.body = r.value;
    });
  deviceAction('block');
  deviceAction('unblock');
}
