import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { z } from 'zod';
import type { AdminCredential } from '../../config/load-config.js';
import type { AuditLog } from '../shared/audit-log.js';
import { HttpError } from '../shared/http-error.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { readJson } from '../shared/read-json.js';
import { clientRegistrationSchema } from '../oidc/client-metadata-schema.js';
import { verifyAdminSecret } from './admin-secret.js';
import type { ClientRegistry, RegistryError } from './client-registry.js';
import { CLIENT_PRESETS } from './client-presets.js';
import type { SupportDeps } from './support-deps.js';
import { addSupportRoutes } from './support-routes.js';

type Role = 'admin' | 'support';
interface AdminState {
  admin?: { name: string; role: Role };
  audit?: { action: string; target: string };
}

const STATUS: Record<RegistryError, number> = {
  'client.exists': 409,
  'client.not-found': 404,
  'client.static': 409,
  'client.invalid-metadata': 400,
  'client.no-secret': 409,
};

/**
 * /admin/v1: client registration for administrators (role `admin`) and read access for support
 * staff (role `support`). Basic authentication against ADMIN_CREDENTIALS (scrypt hashes). Every
 * call, refused ones included, is written to the audit log: who, what, on what, outcome.
 */
export function createAdminRouter(deps: {
  credentials: readonly AdminCredential[];
  registry: ClientRegistry;
  audit: AuditLog;
  provider: Provider;
  maxBodyBytes: number;
  dynamicRegistration: 'off' | 'open' | 'initial-access-token';
  limiter: RateLimiter;
  /** Order and device support tools; absent, the routes do not exist. */
  support?: SupportDeps;
  /** Which identity numbers support may look up (synthetic ones only in sandbox). */
  synthetic?: 'only' | 'deny';
}): Router<AdminState> {
  const router = new Router<AdminState>({ prefix: '/admin/v1' });

  const authenticate = async (ctx: Context): Promise<{ name: string; role: Role } | undefined> => {
    const header = ctx.get('authorization');
    if (!header.startsWith('Basic ')) return undefined;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const name = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const entry = deps.credentials.find((c) => c.name === name);
    // Same work whether or not the name exists, so timing does not reveal administrator names.
    const ok = (await verifyAdminSecret(secret, entry?.secretHash ?? DUMMY_HASH)) && entry !== undefined;
    return ok ? { name: entry.name, role: entry.role } : undefined;
  };

  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    // A browser that cached Basic credentials must not be steered into calls by another site:
    // browsers mark such requests; the CLI and other programs send no Sec-Fetch-Site at all.
    const site = ctx.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') {
      throw new HttpError(403, 'cross_site_request', 'the admin API does not accept cross-site requests');
    }
    // Every unauthenticated or failed call counts against its source address, counted *before*
    // any scrypt work, so guessing is slow, cannot burn CPU, and cannot flush the audit log.
    // A successful login gives its attempt back.
    const source = `admin-auth:${ctx.ip}`;
    const attempt = await deps.limiter.hit(source, FAILED_LOGINS);
    if (!attempt.allowed) {
      ctx.set('Retry-After', String(attempt.retryAfterSeconds));
      throw new HttpError(
        429,
        'too_many_requests',
        'too many failed logins from this address; try again later',
      );
    }
    const admin = await authenticate(ctx);
    if (admin) await deps.limiter.release(source, FAILED_LOGINS);
    if (admin) ctx.state.admin = admin;
    let failure: unknown;
    try {
      if (!admin) {
        ctx.set('WWW-Authenticate', 'Basic realm="admin", charset="UTF-8"');
        throw new HttpError(401, 'unauthorized', 'administrator credentials are required');
      }
      await next();
    } catch (e) {
      failure = e;
    }
    const outcome = failure instanceof HttpError ? failure.code : failure ? 'server_error' : 'ok';
    await deps.audit.append({
      actor: admin?.name ?? 'anonymous',
      ...(admin ? { role: admin.role } : {}),
      action: ctx.state.audit?.action ?? `${ctx.method} ${ctx._matchedRoute ?? ctx.path}`,
      target: ctx.state.audit?.target ?? '-',
      outcome,
    });
    if (failure) throw failure;
  });

  const allow =
    (...roles: Role[]) =>
    async (ctx: Context & { state: AdminState }, next: Next) => {
      if (!roles.includes(ctx.state.admin!.role)) {
        throw new HttpError(403, 'forbidden', `this needs the role ${roles.join(' or ')}`);
      }
      await next();
    };
  const audit = (action: string) => async (ctx: Context & { state: AdminState }, next: Next) => {
    ctx.state.audit = { action, target: (ctx.params as Record<string, string>).clientId ?? '-' };
    await next();
  };
  const fail = (code: RegistryError, detail: string): never => {
    throw new HttpError(
      STATUS[code],
      code === 'client.invalid-metadata' ? 'invalid_client_metadata' : code,
      detail,
    );
  };
  const parseRegistration = async (ctx: Context) => {
    const body = await readJson(ctx, deps.maxBodyBytes);
    const withPreset = applyPreset(body);
    const parsed = clientRegistrationSchema.safeParse(withPreset);
    if (!parsed.success) throw metadataError(parsed.error);
    return parsed.data;
  };

  router.get('/clients', audit('client.list'), allow('admin', 'support'), async (ctx) => {
    ctx.body = { clients: await deps.registry.list() };
  });

  router.post('/clients', audit('client.create'), allow('admin'), async (ctx) => {
    const metadata = await parseRegistration(ctx);
    const r = await deps.registry.create(metadata);
    if (!r.ok) return fail(r.code, r.detail);
    ctx.state.audit = { action: 'client.create', target: r.value.client.client_id };
    ctx.status = 201;
    ctx.body = { ...r.value.client, ...(r.value.secret ? { client_secret: r.value.secret } : {}) };
  });

  router.get('/clients/:clientId', audit('client.read'), allow('admin', 'support'), async (ctx) => {
    const client = await deps.registry.get(ctx.params.clientId!);
    if (!client) return fail('client.not-found', `no client ${ctx.params.clientId}`);
    ctx.body = client;
  });

  router.put('/clients/:clientId', audit('client.update'), allow('admin'), async (ctx) => {
    const metadata = await parseRegistration(ctx);
    if (metadata.client_id && metadata.client_id !== ctx.params.clientId!) {
      throw new HttpError(400, 'invalid_client_metadata', 'client_id: cannot be changed');
    }
    const r = await deps.registry.update(ctx.params.clientId!, metadata);
    if (!r.ok) return fail(r.code, r.detail);
    ctx.body = r.value;
  });

  router.delete('/clients/:clientId', audit('client.delete'), allow('admin'), async (ctx) => {
    const r = await deps.registry.remove(ctx.params.clientId!);
    if (!r.ok) return fail(r.code, r.detail);
    ctx.status = 204;
  });

  router.post(
    '/clients/:clientId/rotate-secret',
    audit('client.rotate-secret'),
    allow('admin'),
    async (ctx) => {
      const r = await deps.registry.rotateSecret(ctx.params.clientId!);
      if (!r.ok) return fail(r.code, r.detail);
      ctx.body = { client_id: ctx.params.clientId, client_secret: r.value.secret };
    },
  );

  router.post(
    '/initial-access-tokens',
    audit('registration.initial-access-token'),
    allow('admin'),
    async (ctx) => {
      if (deps.dynamicRegistration !== 'initial-access-token') {
        throw new HttpError(
          409,
          'registration_not_token_based',
          'DYNAMIC_REGISTRATION is not set to initial-access-token',
        );
      }
      const expiresIn = 24 * 3600;
      const token = await new deps.provider.InitialAccessToken({ expiresIn }).save();
      ctx.status = 201;
      ctx.body = { initial_access_token: token, expires_in: expiresIn };
    },
  );

  if (deps.support) {
    addSupportRoutes(router as unknown as Router, deps.support, {
      allow,
      maxBodyBytes: deps.maxBodyBytes,
      synthetic: deps.synthetic ?? 'deny',
    });
  }

  router.get('/audit', audit('audit.read'), allow('admin'), async (ctx) => {
    const count = Math.min(Math.max(Number(ctx.query.count ?? 50) || 50, 1), 1000);
    ctx.body = { entries: await deps.audit.recent(count) };
  });

  return router;
}

/** `{"preset": "idporten-broker", ...}`: the preset's fields, overridden by the ones given. */
function applyPreset(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('preset' in body)) return body;
  const { preset, ...rest } = body as { preset: unknown } & Record<string, unknown>;
  const defaults = typeof preset === 'string' ? CLIENT_PRESETS[preset] : undefined;
  if (!defaults) {
    throw new HttpError(
      400,
      'invalid_client_metadata',
      `preset: unknown; known: ${Object.keys(CLIENT_PRESETS).join(', ')}`,
    );
  }
  return { ...defaults, ...rest };
}

/** The first problem, named by its field, in the error OAuth registration uses for it. */
function metadataError(error: z.ZodError): HttpError {
  const issue = error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const where = issue.path.join('.');
  const code =
    field === 'redirect_uris' || field === 'post_logout_redirect_uris'
      ? 'invalid_redirect_uri'
      : 'invalid_client_metadata';
  return new HttpError(400, code, `${where}: ${issue.message}`);
}

const FAILED_LOGINS = { limit: 20, windowSeconds: 300 };

// A valid hash of a random secret nobody knows, for unknown administrator names.
const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
