import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeProtectedHeader,
  exportPKCS8,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import type { Clock } from '../../../src/shared/clock.js';

export interface ReceivedGrant {
  /** The compact JWT as posted, so a test can try to replay it. */
  readonly assertion: string;
  readonly header: Record<string, unknown>;
  readonly payload: JWTPayload;
}

export interface FakeMaskinporten {
  /** The grant's expected `aud`, like https://maskinporten.no/ (with the trailing slash). */
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly keyId: string;
  readonly scope: string;
  readonly privateKey: CryptoKey;
  readonly privateKeyPem: string;
  /** Every grant that passed verification, in order. */
  readonly grants: ReceivedGrant[];
  /** Why grants were refused (e.g. 'jti reused'). */
  readonly rejections: string[];
  /** Token requests seen, accepted or not. */
  requests: number;
  tokenLifetimeSeconds: number;
  /** Answer the next token requests with this HTTP status instead (e.g. [500]). */
  failNext: number[];
  /** Does this bearer token exist and is it unexpired (by the shared clock)? */
  isValidToken(token: string): boolean;
  close(): Promise<void>;
}

const ALLOWED_CLAIMS = new Set(['aud', 'iss', 'iat', 'exp', 'jti', 'scope', 'resource']);

/**
 * A Maskinporten token endpoint that checks what the real one documents for the JWT-bearer grant:
 * RS256 signature by the client's registered key (`kid`), `aud` = issuer, `iss` = client id, the
 * registered scope, `exp - iat <= 120`, `iat` within 10 s, no undocumented claims, and a `jti`
 * that is never reused. Time comes from the test's clock, shared with the client.
 */
export async function startFakeMaskinporten(opts: {
  clock: Clock;
  clientId?: string;
  scope?: string;
  tokenLifetimeSeconds?: number;
}): Promise<FakeMaskinporten> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateKeyPem = await exportPKCS8(privateKey);
  const seenJti = new Set<string>();
  const tokens = new Map<string, number>();

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeMaskinporten = {
    issuer: `${base}/`,
    tokenEndpoint: `${base}/token`,
    clientId: opts.clientId ?? 'test-client-7f3a',
    keyId: 'test-key-1',
    scope: opts.scope ?? 'folkeregister:deling/offentligmedhjemmel',
    privateKey,
    privateKeyPem,
    grants: [],
    rejections: [],
    requests: 0,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 120,
    failNext: [],
    isValidToken: (token) => {
      const exp = tokens.get(token);
      return exp !== undefined && opts.clock.now().getTime() < exp;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };

  const refuse = (res: ServerResponse, reason: string) => {
    fake.rejections.push(reason);
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'invalid_grant', error_description: reason }));
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    fake.requests += 1;
    const forced = fake.failNext.shift();
    if (forced) {
      res.writeHead(forced, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'server_error' }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/token') return refuse(res, 'wrong endpoint');
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return refuse(res, 'not a form post');
    }
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return refuse(res, 'wrong grant_type');
    }
    const assertion = form.get('assertion') ?? '';
    let payload: JWTPayload;
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(assertion) as Record<string, unknown>;
      ({ payload } = await jwtVerify(assertion, publicKey, {
        algorithms: ['RS256'],
        audience: fake.issuer,
        issuer: fake.clientId,
        currentDate: opts.clock.now(),
        requiredClaims: ['iat', 'exp', 'jti', 'scope'],
      }));
    } catch (e) {
      return refuse(res, `invalid assertion: ${(e as Error).message}`);
    }
    if (header.kid !== fake.keyId) return refuse(res, 'unknown kid');
    if (Array.isArray(payload.aud)) return refuse(res, 'aud must be a single value');
    const extra = Object.keys(payload).filter((k) => !ALLOWED_CLAIMS.has(k));
    if (extra.length > 0) return refuse(res, `undocumented claims: ${extra.join(',')}`);
    if (payload.scope !== fake.scope) return refuse(res, 'scope not granted');
    const now = Math.floor(opts.clock.now().getTime() / 1000);
    if (payload.exp! - payload.iat! > 120) return refuse(res, 'grant lives longer than 120 s');
    if (Math.abs(payload.iat! - now) > 10) return refuse(res, 'iat too far from our clock');
    if (seenJti.has(payload.jti!)) return refuse(res, 'jti reused');
    seenJti.add(payload.jti!);
    fake.grants.push({ assertion, header, payload });

    const token = randomBytes(24).toString('base64url');
    tokens.set(token, opts.clock.now().getTime() + fake.tokenLifetimeSeconds * 1000);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: token,
        token_type: 'Bearer',
        expires_in: fake.tokenLifetimeSeconds,
        scope: fake.scope,
      }),
    );
  }

  return fake;
}
