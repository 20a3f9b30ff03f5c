/**
 * OpenAPI paths of the authenticator app API (/api/app/v1) and the device CA's publication points.
 * Spread into `paths` of src/shared/openapi-document.ts; a test checks they match the mounted routes.
 */
export function appApiOpenApiPaths(): Record<string, unknown> {
  const json = (schema: Record<string, unknown>, description: string) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const error = {
    type: 'object',
    required: ['error', 'error_description'],
    properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  };
  const signed = {
    required: true,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['jws'],
          properties: {
            jws: { type: 'string', description: 'compact JWS, ES256, signed by the device key' },
          },
        },
      },
    },
  };
  const authErrors = {
    '400': json(error, 'device_jws.malformed: not a JWS, not ES256, or the payload breaks the schema'),
    '401': json(
      error,
      'device_jws.missing | unknown-device | bad-signature | stale (iat more than 5 min off) | replayed (jti seen)',
    ),
    '403': json(error, 'device.not-active: the device is blocked or removed'),
  };
  const device = {
    type: 'object',
    properties: {
      device_id: { type: 'string' },
      platform: { enum: ['android', 'ios', 'web-sandbox'] },
      app_version: { type: 'string' },
      status: { enum: ['pending_activation', 'active', 'blocked', 'removed'] },
      attestation_level: { enum: ['hardware', 'software', 'none'] },
      enrolled_at: { type: 'string', format: 'date-time' },
      activated_at: { type: 'string', format: 'date-time' },
      certificate_serial: { type: 'string' },
      current: { type: 'boolean', description: 'the device that signed this call' },
    },
  };
  return {
    '/api/app/v1/challenges': {
      post: {
        summary:
          'A single-use server challenge for enrolment (key attestation and the enrolment JWS), 5 minutes',
        operationId: 'appCreateChallenge',
        responses: {
          '201': json(
            {
              type: 'object',
              properties: { challenge: { type: 'string' }, expires_in: { type: 'integer' } },
            },
            'Challenge (base64url, 32 bytes)',
          ),
          '429': json(error, 'challenge.rate-limited (per source address)'),
        },
      },
    },
    '/api/app/v1/devices': {
      post: {
        summary:
          'Enrol the app: JWS signed by the NEW key with the public key in the `jwk` header; payload ' +
          '{op:"enroll", pid, activation_secret, platform, app_version, push_token?, challenge, attestation?, iat}',
        operationId: 'appEnroll',
        requestBody: signed,
        responses: {
          '201': json(
            {
              type: 'object',
              properties: {
                device_id: { type: 'string' },
                status: { const: 'pending_activation' },
                attestation_level: { enum: ['hardware', 'software', 'none'] },
                pending_until: { type: 'string', format: 'date-time' },
              },
            },
            'Enrolled; log in with the identity number to enable the eID (step 1 of 2)',
          ),
          '400': json(
            error,
            'enroll.malformed | enroll.stale | enroll.challenge-invalid | activation.invalid (wrong number or code, ' +
              'one answer) | activation.expired | activation.used | attestation.* (incl. insufficient-level, ' +
              'revoked; iOS: App Attest checks, docs/authenticator.md)',
          ),
          '401': json(error, 'enroll.bad-signature: the JWS does not verify with the key in its header'),
          '429': json(error, 'enroll.rate-limited'),
          '503': json(
            error,
            "attestation.status-unavailable: Android only; Google's attestation revocation list is not " +
              'current here yet; get a new challenge and try again later',
          ),
        },
      },
      get: {
        summary: "The person's devices (Authorization: Device <JWS {op:'list-devices', iat, jti}>)",
        operationId: 'appListDevices',
        responses: {
          '200': json(
            { type: 'object', properties: { devices: { type: 'array', items: device } } },
            'Devices',
          ),
          ...authErrors,
        },
      },
    },
    '/api/app/v1/devices/{deviceId}': {
      delete: {
        summary:
          "Remove one of the person's devices and revoke its certificate (Authorization: Device <JWS " +
          "{op:'remove-device', device_id, iat, jti}>)",
        operationId: 'appRemoveDevice',
        parameters: [{ name: 'deviceId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '204': { description: 'Removed' },
          ...authErrors,
          '404': json(error, 'device.not-found: not a device of this person'),
        },
      },
    },
    '/api/app/v1/requests/pending': {
      get: {
        summary:
          "The pending approval request for this device, long-polled up to `wait` seconds (Authorization: Device <JWS {op:'pending', iat, jti}>)",
        operationId: 'appPendingRequest',
        parameters: [{ name: 'wait', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 25 } }],
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                request: {
                  oneOf: [
                    { type: 'null' },
                    {
                      type: 'object',
                      properties: {
                        id: { type: 'string' },
                        type: { enum: ['activate', 'login', 'ciba'] },
                        nonce: { type: 'string' },
                        verification_code: {
                          type: 'string',
                          description:
                            'Absent for activate: the person types the code the browser shows, the app signs what was typed',
                        },
                        rp_name: { type: 'string' },
                        binding_message: { type: 'string' },
                        expires_at: { type: 'string', format: 'date-time' },
                      },
                    },
                  ],
                },
              },
            },
            'The request, or null when none is waiting',
          ),
          ...authErrors,
        },
      },
    },
    '/api/app/v1/requests/{requestId}/response': {
      post: {
        summary:
          'Answer a request: JWS (kid = device id) over {op:"respond", rid, nonce, code, rp, decision: approve|deny, ' +
          'uv: pin|biometric, iat, activation_secret? (step 1 of the first activation)}; single use',
        operationId: 'appRespond',
        requestBody: signed,
        parameters: [{ name: 'requestId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                status: { enum: ['approved', 'denied'] },
                certificate: {
                  type: 'string',
                  description: 'PEM device certificate (after enabling the eID)',
                },
                certificate_serial: { type: 'string' },
              },
            },
            'Answer taken',
          ),
          '400': json(
            error,
            'request.id-mismatch | nonce-mismatch | code-mismatch | rp-mismatch | activation.* | device_jws.malformed',
          ),
          '401': json(error, 'device_jws.unknown-device | bad-signature | stale'),
          '403': json(error, 'request.other-device | device.not-active'),
          '404': json(error, 'request.not-found'),
          '409': json(error, 'request.already-answered (replay or race)'),
          '410': json(error, 'request.expired'),
        },
      },
    },
    '/api/app/v1/pin-blocked': {
      post: {
        summary:
          'The app reports three wrong PINs: the device is blocked (certificate revoked) until the app is enrolled and activated again. JWS {op:"pin-blocked", iat, jti}',
        operationId: 'appPinBlocked',
        requestBody: signed,
        responses: {
          '200': json({ type: 'object', properties: { status: { const: 'blocked' } } }, 'Blocked'),
          ...authErrors,
        },
      },
    },
    '/crl/device-ca.crl': {
      get: {
        summary:
          'CRL of the device certificate CA (DER, RFC 5280 v2), the cRLDistributionPoint of every device certificate',
        operationId: 'deviceCaCrl',
        responses: {
          '200': {
            description: 'CRL',
            content: { 'application/pkix-crl': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    '/crl/device-ca.crt': {
      get: {
        summary: 'The device certificate CA certificate (DER), the caIssuers URL of every device certificate',
        operationId: 'deviceCaCertificate',
        responses: {
          '200': {
            description: 'CA certificate',
            content: { 'application/pkix-cert': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
  };
}
