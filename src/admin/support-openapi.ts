import { ORDER_STATES } from '../enrollment/order.js';

/**
 * OpenAPI paths of the support tools (src/admin/support-routes.ts). `json`, `error` and
 * `adminErrors` come from the main document so every API answers errors the same way.
 */
export function supportOpenApiPaths(
  json: (schema: Record<string, unknown>, description: string) => Record<string, unknown>,
  error: Record<string, unknown>,
  adminErrors: Record<string, unknown>,
): Record<string, unknown> {
  const security = [{ adminBasic: [] }];
  const code = {
    name: 'code',
    in: 'path',
    required: true,
    description: 'Order code as the person reads it (any case, hyphen optional), e.g. K7QF-3M9P',
    schema: { type: 'string' },
  };
  const deviceId = { name: 'deviceId', in: 'path', required: true, schema: { type: 'string' } };
  const order = {
    type: 'object',
    description: 'Where the order is and why it stopped; no names or document numbers.',
    properties: {
      id: { type: 'string' },
      code: { type: 'string' },
      state: {
        enum: [...ORDER_STATES],
      },
      createdAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'date-time' },
      failure: { type: 'object', properties: { reasonCode: { type: 'string' }, at: { type: 'string' } } },
      refundRequired: { type: 'boolean' },
    },
  };
  const device = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      status: { type: 'string' },
      platform: { type: 'string' },
      appVersion: { type: 'string' },
      attestation: { type: 'string' },
      blockedReason: { type: 'string' },
    },
  };
  const body = (schema: Record<string, unknown>) => ({
    required: true,
    content: { 'application/json': { schema } },
  });
  const blockReason = { enum: ['lost', 'stolen', 'suspected-fraud', 'holder-request', 'other'] };
  return {
    '/admin/v1/orders/{code}': {
      get: {
        summary: 'Look up a registration order by its code (roles admin, support; audited)',
        operationId: 'readOrder',
        security,
        parameters: [code],
        responses: {
          '200': json(order, 'The order'),
          '400': json(error, 'Not an order code'),
          '404': json(error, 'No order with this code'),
          ...adminErrors,
        },
      },
    },
    '/admin/v1/orders/{code}/cancel': {
      post: {
        summary: 'Cancel an order; a paid order is refunded (roles admin, support; audited)',
        operationId: 'cancelOrder',
        security,
        parameters: [code],
        requestBody: body({
          type: 'object',
          properties: { reason: { enum: ['holder-request', 'stuck', 'suspected-fraud', 'other'] } },
        }),
        responses: {
          '200': json(
            {
              type: 'object',
              properties: { order, refund: { enum: ['not-needed', 'requested', 'queued', 'failed'] } },
            },
            'Cancelled; `refund` says whether money goes back',
          ),
          '404': json(error, 'No order with this code'),
          '409': json(error, 'The order has already ended (issued, failed, expired or cancelled)'),
          ...adminErrors,
        },
      },
    },
    '/admin/v1/person-lookup': {
      post: {
        summary:
          "A person's eID and authenticator devices by identity number, sent in the body so it stays out of URLs (roles admin, support; audited)",
        operationId: 'lookupPerson',
        security,
        requestBody: body({ type: 'object', required: ['pid'], properties: { pid: { type: 'string' } } }),
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                eid: { type: ['object', 'null'] },
                devices: { type: 'array', items: device },
              },
            },
            'The eID (null when none was issued) and its devices',
          ),
          '400': json(error, 'Not a valid identity number'),
          ...adminErrors,
        },
      },
    },
    '/admin/v1/devices/{deviceId}/block': {
      post: {
        summary: 'Block a device (lost or stolen phone); its certificate is revoked (roles admin, support)',
        operationId: 'blockDevice',
        security,
        parameters: [deviceId],
        requestBody: body({ type: 'object', required: ['reason'], properties: { reason: blockReason } }),
        responses: {
          '200': json(device, 'The blocked device'),
          '404': json(error, 'No such device'),
          ...adminErrors,
        },
      },
    },
    '/admin/v1/devices/{deviceId}/unblock': {
      post: {
        summary: 'Unblock a device blocked by support (roles admin, support)',
        operationId: 'unblockDevice',
        security,
        parameters: [deviceId],
        responses: {
          '200': json(device, 'The device'),
          '404': json(error, 'No such device'),
          '409': json(
            error,
            'The device cannot be unblocked (removed, or blocked by the app and needing activation)',
          ),
          ...adminErrors,
        },
      },
    },
  };
}
