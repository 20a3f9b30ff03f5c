import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, importSPKI, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../../../src/shared/clock.js';

/** A failure the fake plays for the next send, in FCM's documented shapes. */
export type FcmFailure =
  | 'UNREGISTERED'
  | 'INVALID_TOKEN'
  | 'INVALID_ARGUMENT'
  | 'QUOTA_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'SENDER_ID_MISMATCH'
  | 'THIRD_PARTY_AUTH_ERROR'
  | 'UNAUTHENTICATED'
  | 'hang';

export interface ReceivedSend {
  readonly authorization: string | undefined;
  readonly message: Record<string, unknown>;
}

export interface FakeFcm {
  readonly baseUrl: string;
  /** The service account JSON key the adapter is given; its token_uri points at the fake. */
  readonly serviceAccount: Record<string, string>;
  readonly projectId: string;
  /** Verified grants (JWT claims and header), in order. */
  readonly grants: { header: Record<string, unknown>; payload: JWTPayload }[];
  readonly grantRejections: string[];
  /** Every send request that reached the handler, including failed ones. */
  readonly sends: ReceivedSend[];
  /** Messages FCM accepted. */
  readonly accepted: Record<string, unknown>[];
  tokenLifetimeSeconds: number;
  /** Registered device tokens; anything else is UNREGISTERED. */
  readonly registered: Set<string>;
  /** Play these on the next sends, one each, then behave normally. */
  readonly failNext: FcmFailure[];
  /** Retry-After header (seconds) to put on 429/503 answers. */
  retryAfterSeconds: number | undefined;
  /** Answer the next token requests with these HTTP statuses. */
  readonly tokenFailNext: number[];
  /** Invalidate every access token issued so far (as if revoked). */
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

function googleError(
  res: ServerResponse,
  code: number,
  status: string,
  message: string,
  details: unknown[],
  headers = {},
) {
  res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify({ error: { code, message, status, details } }));
}

const fcmError = (errorCode: string) => ({
  '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
  errorCode,
});

/**
 * Google's OAuth token endpoint and FCM HTTP v1 `messages:send` on one local port, checking what
 * the documentation says they check:
 *
 * - token endpoint: form post with grant_type jwt-bearer; the assertion is RS256 signed by the
 *   service account key (`kid` = private_key_id), `iss` = client_email, `aud` = token_uri,
 *   `scope` includes firebase.messaging, `iat` near now, `exp` at most one hour after `iat`.
 * - send: `Authorization: Bearer` with a live token, the project in the path, a `message` with a
 *   `token`, string-only `data`, valid Android priority/TTL, and for Apple targets the rule that
 *   a push without an alert must use `apns-priority: 5`. Unknown tokens answer UNREGISTERED (404).
 */
export async function startFakeFcm(opts: { clock: Clock; projectId?: string }): Promise<FakeFcm> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const verifyKey = await importSPKI(publicPem, 'RS256');
  const accessTokens = new Map<string, number>();
  const projectId = opts.projectId ?? 'eid-test-project';

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeFcm = {
    baseUrl,
    projectId,
    serviceAccount: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: `push-sender@${projectId}.iam.gserviceaccount.com`,
      client_id: '100000000000000000001',
      token_uri: `${baseUrl}/token`,
    },
    grants: [],
    grantRejections: [],
    sends: [],
    accepted: [],
    tokenLifetimeSeconds: 3599,
    registered: new Set(),
    failNext: [],
    retryAfterSeconds: undefined,
    tokenFailNext: [],
    revokeAccessTokens: () => accessTokens.clear(),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method === 'POST' && req.url === '/token') return token(req, res, body);
    if (req.method === 'POST' && req.url?.startsWith('/v1/projects/')) return send(req, res, body);
    googleError(res, 404, 'NOT_FOUND', 'not found', []);
  }

  async function token(req: IncomingMessage, res: ServerResponse, body: string) {
    const forced = fake.tokenFailNext.shift();
    if (forced) {
      res.writeHead(forced, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: forced >= 500 ? 'internal_failure' : 'invalid_grant' }));
    }
    const refuse = (reason: string) => {
      fake.grantRejections.push(reason);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: reason }));
    };
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
      return refuse('not a form');
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return refuse('grant_type');
    const assertion = form.get('assertion') ?? '';
    let header: Record<string, unknown>;
    let payload: JWTPayload;
    try {
      header = decodeProtectedHeader(assertion) as Record<string, unknown>;
      ({ payload } = await jwtVerify(assertion, verifyKey, {
        algorithms: ['RS256'],
        issuer: fake.serviceAccount.client_email,
        audience: fake.serviceAccount.token_uri,
        currentDate: opts.clock.now(),
        requiredClaims: ['iat', 'exp', 'scope'],
      }));
    } catch (e) {
      return refuse(`Invalid JWT Signature or claims: ${(e as Error).message}`);
    }
    if (header.kid !== fake.serviceAccount.private_key_id) return refuse('unknown kid');
    const scopes = String(payload.scope).split(' ');
    if (!scopes.includes(SCOPE)) return refuse('scope does not include firebase.messaging');
    const now = Math.floor(opts.clock.now().getTime() / 1000);
    if (payload.exp! - payload.iat! > 3600) return refuse('assertion lives longer than one hour');
    if (Math.abs(payload.iat! - now) > 60) return refuse('iat is not now');
    fake.grants.push({ header, payload });
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    accessTokens.set(accessToken, opts.clock.now().getTime() + fake.tokenLifetimeSeconds * 1000);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({
        access_token: accessToken,
        expires_in: fake.tokenLifetimeSeconds,
        token_type: 'Bearer',
      }),
    );
  }

  function send(req: IncomingMessage, res: ServerResponse, body: string) {
    let parsed: { message?: Record<string, unknown> } | undefined;
    try {
      parsed = JSON.parse(body) as { message?: Record<string, unknown> };
    } catch {
      parsed = undefined;
    }
    fake.sends.push({ authorization: req.headers.authorization, message: parsed?.message ?? {} });
    if (req.url !== `/v1/projects/${projectId}/messages:send`) {
      return googleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.', []);
    }
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const exp = bearer ? accessTokens.get(bearer) : undefined;
    if (exp === undefined || opts.clock.now().getTime() >= exp) {
      return googleError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', []);
    }
    const forced = fake.failNext.shift();
    const retryAfter =
      fake.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fake.retryAfterSeconds) };
    switch (forced) {
      case 'hang':
        return; // never answers; the client must time out
      case 'UNREGISTERED':
        return googleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.', [
          fcmError('UNREGISTERED'),
        ]);
      case 'INVALID_TOKEN':
        return invalidToken(res);
      case 'INVALID_ARGUMENT':
        return googleError(res, 400, 'INVALID_ARGUMENT', "Invalid value at 'message.android.ttl'", [
          fcmError('INVALID_ARGUMENT'),
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'message.android.ttl' }],
          },
        ]);
      case 'QUOTA_EXCEEDED':
        return googleError(
          res,
          429,
          'RESOURCE_EXHAUSTED',
          'Quota exceeded.',
          [fcmError('QUOTA_EXCEEDED')],
          retryAfter,
        );
      case 'UNAVAILABLE':
        return googleError(
          res,
          503,
          'UNAVAILABLE',
          'The service is currently unavailable.',
          [fcmError('UNAVAILABLE')],
          retryAfter,
        );
      case 'INTERNAL':
        return googleError(res, 500, 'INTERNAL', 'Internal error encountered.', [fcmError('INTERNAL')]);
      case 'SENDER_ID_MISMATCH':
        return googleError(res, 403, 'PERMISSION_DENIED', 'SenderId mismatch', [
          fcmError('SENDER_ID_MISMATCH'),
        ]);
      case 'THIRD_PARTY_AUTH_ERROR':
        return googleError(res, 401, 'UNAUTHENTICATED', 'Auth error from APNS or Web Push Service', [
          fcmError('THIRD_PARTY_AUTH_ERROR'),
        ]);
      case 'UNAUTHENTICATED':
        return googleError(
          res,
          401,
          'UNAUTHENTICATED',
          'Request had invalid authentication credentials.',
          [],
        );
    }

    const message = parsed?.message;
    if (!message) return badRequest(res, 'message', 'Recipient of the message is not set.');
    const target = message.token;
    if (typeof target !== 'string' || target.length === 0)
      return badRequest(res, 'message', 'Recipient of the message is not set.');
    if (!/^[A-Za-z0-9:_-]+$/.test(target)) return invalidToken(res);
    const data = message.data as Record<string, unknown> | undefined;
    if (data) {
      for (const [k, v] of Object.entries(data)) {
        if (typeof v !== 'string')
          return badRequest(res, `message.data[${k}].value`, 'Invalid value (TYPE_STRING)');
        if (k === 'from' || k === 'gcm' || k.startsWith('google'))
          return badRequest(res, 'message.data', 'reserved key');
      }
    }
    const android = message.android as Record<string, unknown> | undefined;
    if (android) {
      if (android.priority !== undefined && !/^(high|normal)$/i.test(String(android.priority))) {
        return badRequest(res, 'message.android.priority', 'Invalid priority');
      }
      if (android.ttl !== undefined && !/^\d+(\.\d+)?s$/.test(String(android.ttl))) {
        return badRequest(res, 'message.android.ttl', 'Invalid duration');
      }
    }
    const apns = message.apns as
      { headers?: Record<string, unknown>; payload?: { aps?: Record<string, unknown> } } | undefined;
    if (apns) {
      for (const [k, v] of Object.entries(apns.headers ?? {})) {
        if (typeof v !== 'string')
          return badRequest(res, `message.apns.headers[${k}]`, 'header values are strings');
      }
      const aps = apns.payload?.aps ?? {};
      const visible = 'alert' in aps || 'sound' in aps || 'badge' in aps;
      // "When sending data messages to Apple devices, the priority must be set to 5."
      if (!visible && apns.headers?.['apns-priority'] === '10') {
        return badRequest(res, 'message.apns.headers', 'data messages to Apple devices need apns-priority 5');
      }
    }
    if (!fake.registered.has(target)) {
      return googleError(res, 404, 'NOT_FOUND', 'Requested entity was not found.', [
        fcmError('UNREGISTERED'),
      ]);
    }
    fake.accepted.push(message);
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(
      JSON.stringify({
        name: `projects/${projectId}/messages/0:${Date.now()}%${randomBytes(8).toString('hex')}`,
      }),
    );
  }

  function badRequest(res: ServerResponse, field: string, description: string) {
    googleError(res, 400, 'INVALID_ARGUMENT', description, [
      { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] },
    ]);
  }

  function invalidToken(res: ServerResponse) {
    googleError(
      res,
      400,
      'INVALID_ARGUMENT',
      'The registration token is not a valid FCM registration token',
      [fcmError('INVALID_ARGUMENT')],
    );
  }

  return fake;
}
