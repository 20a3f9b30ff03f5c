import { ORDER_STATES } from './order.js';

/**
 * OpenAPI path objects of the reader-app API (/api/reader/v1) and the payment webhook, spread
 * into the document's `paths` by src/shared/openapi-document.ts.
 */
export function readerApiOpenApiPaths(): Record<string, unknown> {
  const error = {
    type: 'object',
    required: ['error', 'error_description'],
    properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  };
  const json = (schema: object, description: string) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const problem = (description: string) => json(error, description);
  // The session from POST /sessions, as `Authorization: Bearer <session>`.
  const security = [
    { name: 'Authorization', in: 'header', required: true, schema: { type: 'string', pattern: '^Bearer ' } },
  ];
  const status = {
    type: 'object',
    required: ['state'],
    properties: {
      state: {
        enum: [...ORDER_STATES],
      },
      expiresAt: { type: 'string', format: 'date-time' },
      problem: {
        type: 'string',
        description:
          'stable code of the last refused step (e.g. registry.unavailable, chip.active-authentication)',
      },
    },
  };
  const b64 = (max: number) => ({
    type: 'string',
    contentEncoding: 'base64',
    maxLength: Math.ceil(max / 3) * 4,
  });
  const sessionErrors = {
    '401': problem('reader.session-invalid: no or unknown session (Bearer)'),
    '409': problem('reader.order-closed: the order does not take a passport read now'),
    '429': problem('rate.limited'),
  };
  return {
    '/api/reader/v1/sessions': {
      post: {
        summary:
          'Open a reader session with the one-time token from the QR code / deep link, or the order code',
        operationId: 'openReaderSession',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
                  { type: 'object', required: ['orderCode'], properties: { orderCode: { type: 'string' } } },
                ],
              },
            },
          },
        },
        responses: {
          '201': json(
            {
              type: 'object',
              required: ['session', 'state'],
              properties: {
                session: {
                  type: 'string',
                  description:
                    'Bearer credential for the other reader calls; opening another session for the order ends this one',
                },
                state: { type: 'string' },
                expiresAt: { type: 'string', format: 'date-time' },
              },
            },
            'Session opened; the token is used up',
          ),
          '400': problem('invalid_request'),
          '401': problem(
            'reader.token-invalid: unknown, used or expired token; an order code that is unknown or whose order is not waiting for its passport',
          ),
          '409': problem('reader.order-closed (QR token only: the order moved on)'),
          '429': problem('rate.limited (per source address and per order code)'),
        },
      },
    },
    '/api/reader/v1/challenge': {
      post: {
        summary: 'A fresh single-use Active Authentication challenge (8 bytes) for this order',
        operationId: 'readerChallenge',
        parameters: security,
        responses: {
          '200': json(
            {
              type: 'object',
              required: ['challenge', 'expiresAt'],
              properties: { challenge: b64(8), expiresAt: { type: 'string', format: 'date-time' } },
            },
            'Challenge to send to the chip (INTERNAL AUTHENTICATE)',
          ),
          ...sessionErrors,
        },
      },
    },
    '/api/reader/v1/upload': {
      post: {
        summary: 'Upload the chip read: EF.SOD, data groups, AA answer, signed face-match result',
        operationId: 'readerUpload',
        parameters: security,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['sod', 'dataGroups', 'activeAuthentication', 'faceMatch', 'app'],
                properties: {
                  sod: b64(64 * 1024),
                  dataGroups: {
                    type: 'object',
                    propertyNames: { pattern: '^(?:[1-9]|1[0-6])$' },
                    additionalProperties: b64(256 * 1024),
                  },
                  com: b64(1024),
                  activeAuthentication: {
                    type: 'object',
                    required: ['challenge', 'signature'],
                    properties: { challenge: b64(8), signature: b64(1024) },
                  },
                  faceMatch: { type: 'string', description: "compact JWS signed by the reader vendor's key" },
                  app: {
                    type: 'object',
                    required: ['platform', 'version'],
                    properties: {
                      platform: { enum: ['ios', 'android', 'sandbox'] },
                      version: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': json(
            status,
            'Accepted; `state` says how far the order got (registry may be unavailable: try later)',
          ),
          '400': problem('chip.malformed: the body does not follow the schema (the field is named)'),
          '401': problem('reader.session-invalid'),
          '409': problem('reader.order-closed: the passport was read already or the order ended'),
          '410': problem('order.expired'),
          '413': problem('chip.too-large / payload_too_large'),
          '415': problem('unsupported_media_type'),
          '422': problem(
            'chip.* (not-authentic, active-authentication, challenge, document-expired, document-type, mrz, no-face-image) or facematch.*; nothing changed, read again with a new challenge',
          ),
          '429': problem('rate.limited'),
        },
      },
    },
    '/api/reader/v1/status': {
      get: {
        summary: "The order's state, for the reader app's progress screen",
        operationId: 'readerStatus',
        parameters: security,
        responses: {
          '200': json(status, 'Order state'),
          '401': problem('reader.session-invalid'),
          '410': problem('order.gone'),
        },
      },
    },
    '/api/payment/v1/notifications': {
      post: {
        summary: 'Payment provider webhook (Adyen standard notifications, HMAC-signed)',
        operationId: 'paymentNotifications',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': {
            description: 'Acknowledged',
            content: { 'text/plain': { schema: { const: '[accepted]' } } },
          },
          '400': problem('payment.webhook-malformed or payment.webhook-stale'),
          '401': problem('payment.webhook-signature or payment.webhook-replayed'),
          '413': problem('payload_too_large'),
        },
      },
    },
  };
}
