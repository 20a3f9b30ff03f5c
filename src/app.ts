import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type Provider from 'oidc-provider';
import type { Config } from '../config/load-config.js';
import { createRedisAccountStore } from './oidc/account-store.js';
import { createProvider } from './oidc/create-provider.js';
import { createInteractionRouter } from './oidc/interaction-routes.js';
import { loadClients } from './oidc/load-clients.js';
import { loadSigningKeys } from './oidc/load-signing-keys.js';
import { resolveSecrets } from './oidc/development-secrets.js';
import { createRedisAdapterFactory } from './oidc/redis-adapter.js';
import { sandboxDemoClient } from './oidc/sandbox-demo-client.js';
import { sandboxDemoRpClient } from './oidc/sandbox-demo-rp-client.js';
import { createSandboxTryRouter } from './oidc/sandbox-try-routes.js';
import type Router from '@koa/router';
import { createAdminRouter } from './admin/admin-routes.js';
import { createAuthenticator } from './device/create-authenticator.js';
import { supportDevices } from './admin/support-devices.js';
import { createRedisEidStore } from './eid/create-redis-eid-store.js';
import { wireRegistration } from './enrollment/wire-registration.js';
import type { EidStore } from './eid/eid-store.js';
import type { DeviceStore } from './device/app/device-store.js';
import { createClientRegistry } from './admin/client-registry.js';
import { createRedisAuditLog } from './shared/audit-log.js';
import { createRedisRateLimiter } from './shared/rate-limiter.js';
import { systemClock } from './shared/clock.js';
import { createLogger } from './shared/create-logger.js';
import { errorMiddleware } from './shared/error-middleware.js';
import { loadCatalogues } from './shared/i18n.js';
import { listenerSeparation } from './shared/listener-separation.js';
import {
  createMetrics,
  registerAttestationStatusGauges,
  registerRefundGauges,
  type Metrics,
} from './shared/metrics.js';
import { createOperationsRouter } from './shared/operations-routes.js';
import { createPageRenderer } from './shared/page-renderer.js';
import { createRedisConnection } from './shared/redis-connection.js';
import { observeRequests } from './shared/observe-requests.js';
import { securityHeaders } from './shared/security-headers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface App {
  readonly koa: Koa;
  /**
   * Request handler for the operators' listener (ADMIN_PORT): the admin API, /metrics and the
   * health checks. With ADMIN_PORT set, `koa.callback()` (the public listener) answers 404 there.
   */
  readonly internalCallback: () => (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly provider: Provider;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Issued eIDs (tests and support tools read them). */
  readonly eids: EidStore;
  /** Authenticator devices (tests and support tools). */
  readonly devices: DeviceStore;
  /** Method and path of every route the OpenAPI document must describe (tested). */
  readonly apiRoutes: { method: string; path: string }[];
  /** Whether the signing keys were generated for development (start-up warns about it). */
  readonly generatedKeys: boolean;
  close(): Promise<void>;
}

/**
 * Composition root: the only place that reads config to pick adapters and wire modules.
 * `redis` and `logger` may be passed in by tests (a shared connection, a silent logger).
 */
export async function createApp(
  config: Config,
  overrides: { redis?: Redis; logger?: Logger } = {},
): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const redis = overrides.redis ?? createRedisConnection(config.redisUrl, { name: 'passport-eid' });
  const metrics = createMetrics();
  const signing = await loadSigningKeys(config.signingKeys, config.dataDir);
  const secrets = resolveSecrets(config, config.dataDir);
  const clients = [
    ...loadClients(config.clientsFile),
    ...(config.sandbox ? [sandboxDemoClient(config.issuer)] : []),
    ...(config.sandbox ? [sandboxDemoRpClient(config.demoRp)] : []),
  ];
  const renderPage = createPageRenderer({
    viewsDir: join(ROOT, 'views'),
    catalogues: loadCatalogues(join(ROOT, 'views', 'i18n')),
    locales: config.locales,
    sandbox: config.sandbox,
  });
  const accounts = createRedisAccountStore(redis, {
    prefix: config.redisPrefix,
    keySecret: secrets.pairwiseSalt,
    ttlSeconds: 400 * 24 * 3600,
  });
  // Issued eIDs: written by registration (issue 4), enabled and used by the authenticator (issue 5).
  const eids = createRedisEidStore(redis, {
    prefix: config.redisPrefix,
    keySecret: secrets.pairwiseSalt,
    clock: systemClock,
  });
  const audit = createRedisAuditLog(redis, config.redisPrefix, systemClock);
  const limiter = createRedisRateLimiter(redis, {
    prefix: config.redisPrefix,
    keySecret: secrets.cookieKeys[0]!,
    clock: systemClock,
  });
  // The authenticator's stores and CIBA hooks exist before the provider, which calls them.
  const authenticator = createAuthenticator({
    config,
    redis,
    keySecret: secrets.pairwiseSalt,
    eids,
    accounts,
    audit,
    limiter,
    clock: systemClock,
    logger,
    renderPage,
  });
  if (authenticator.attestationStatus)
    registerAttestationStatusGauges(metrics, authenticator.attestationStatus);
  const adapter = createRedisAdapterFactory(redis, {
    prefix: `${config.redisPrefix}:oidc:`,
    // Key names are HMACs of the (mostly secret) ids, so the key must outlive every stored entry:
    // the pairwise salt never changes for a deployment. Not the cookie keys: those rotate, and a
    // rotation would orphan every stored session, token and registered client at once.
    keySecret: secrets.pairwiseSalt,
  });
  const provider = createProvider({
    config,
    signingKeys: signing.keys,
    cookieKeys: secrets.cookieKeys,
    pairwiseSalt: secrets.pairwiseSalt,
    clients,
    adapter,
    accounts,
    renderPage,
    ciba: authenticator.ciba,
  });
  provider.on('server_error', (_ctx, err) => logger.error({ err }, 'oidc-provider server error'));
  // An initial access token registers one client (one token per relying party), not any number
  // of them until it expires.
  provider.on(
    'registration_create.success',
    (ctx: { oidc: { entities: { InitialAccessToken?: { destroy(): Promise<void> } } } }) => {
      void ctx.oidc.entities.InitialAccessToken?.destroy().catch((err: unknown) =>
        logger.error({ err }, 'could not consume an initial access token'),
      );
    },
  );
  const countError = (_ctx: unknown, err: Error & { error?: string }) =>
    metrics.errors.inc({ code: err.error ?? 'unknown' });
  provider.on('authorization.error', countError);
  provider.on('grant.error', countError);
  provider.on('introspection.error', countError);
  provider.on('revocation.error', countError);
  provider.on('userinfo.error', countError);
  provider.on('end_session.error', countError);
  provider.on('pushed_authorization_request.error', countError);
  provider.on('backchannel.error', countError);

  const koa = new Koa();
  /** Requests that arrived on the operators' listener (see `internalCallback`). */
  const internalRequests = new WeakSet<IncomingMessage>();
  koa.proxy = config.trustProxy;
  // Only the address the nearest proxy saw counts: left-hand X-Forwarded-For entries are
  // whatever the client wrote (rate limits are keyed on ctx.ip).
  koa.maxIpsCount = 1;
  koa.keys = secrets.cookieKeys;
  const css = readFileSync(join(ROOT, 'views', 'static', 'style.css'));
  const operations = createOperationsRouter({
    redis,
    metrics,
    issuer: config.issuer,
    keysLoaded: () => signing.keys.length > 0,
    // With ADMIN_PORT, the public description leaves out what only operators reach.
    ...(config.admin ? { isOperatorRequest: (req: IncomingMessage) => internalRequests.has(req) } : {}),
  });
  const interactions = createInteractionRouter({
    provider,
    config,
    renderPage,
    accounts,
    metrics,
    logger,
    csrfKey: secrets.cookieKeys[0]!,
    appLogin: { ...authenticator, limiter },
  });
  // Registration (issue 4): pages, reader API, payment webhook, sandbox reader and payment pages.
  const registration = wireRegistration({
    config,
    redis,
    logger,
    renderPage,
    eids,
    audit,
    limiter,
    secrets,
    clock: systemClock,
  });
  registerRefundGauges(metrics, registration.owedRefunds);
  const admin = createAdminRouter({
    credentials: config.adminCredentials,
    registry: createClientRegistry({
      provider,
      adapter,
      redis,
      prefix: config.redisPrefix,
      staticClientIds: new Set(clients.map((c) => c.client_id)),
    }),
    audit,
    provider,
    maxBodyBytes: config.maxBodyBytes,
    dynamicRegistration: config.dynamicRegistration,
    limiter,
    support: {
      ...registration.support,
      eids,
      devices: supportDevices(authenticator.devices),
    },
    synthetic: config.sandbox ? 'only' : 'deny',
  });
  authenticator.attachProvider(provider);
  const providerCallback = provider.callback();
  // Browser pages (not in OpenAPI) and JSON APIs (each route described in /openapi.json, tested).
  const pageRouters: Router[] = [
    interactions,
    ...registration.pageRouters,
    ...authenticator.pageRouters,
    ...(config.sandbox ? [createSandboxTryRouter({ config, renderPage })] : []),
  ];
  const apiRouters: Router[] = [operations, admin, ...registration.apiRouters, ...authenticator.apiRouters];
  const ours = [...apiRouters, ...pageRouters];

  koa.use(observeRequests(metrics, logger));
  koa.use(securityHeaders(config.issuer.startsWith('https://')));
  if (config.admin) koa.use(listenerSeparation(internalRequests));
  koa.use(async (ctx, next) => {
    if (ctx.path === '/static/style.css') {
      ctx.type = 'text/css';
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = css;
      return;
    }
    // Everything our routers do not match belongs to the OIDC provider, which answers itself.
    if (ours.some((r) => r.match(ctx.path, ctx.method).route)) return next();
    ctx.respond = false;
    await providerCallback(ctx.req, ctx.res);
  });
  koa.use(errorMiddleware({ logger, metrics, renderPage, config }));
  for (const r of ours) koa.use(r.routes()).use(r.allowedMethods());

  return {
    koa,
    internalCallback() {
      const handle = koa.callback();
      return (req, res) => {
        internalRequests.add(req);
        // Nothing proxies this listener: a forwarded-for header here is made up, and would let
        // a caller pick the address the admin login limit and the audit log see.
        for (const h of ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host']) delete req.headers[h];
        return handle(req, res);
      };
    },
    provider,
    redis,
    logger,
    metrics,
    eids,
    devices: authenticator.devices,
    generatedKeys: signing.generated,
    // Page routers (interaction, sandbox) are HTML for browsers, not APIs: not in OpenAPI.
    apiRoutes: apiRouters.flatMap((r) =>
      r.stack.flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: layer.path as string })),
      ),
    ),
    async close() {
      await registration.stop();
      await authenticator.close();
      if (!overrides.redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
