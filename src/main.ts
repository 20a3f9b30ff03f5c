import { createServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from '../config/load-config.js';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { sandboxPersons } from './registry/sandbox-persons.js';

/**
 * Start-up: load config (a refusal names the variable and stops here), build the app, listen;
 * on SIGTERM/SIGINT stop accepting, let in-flight requests finish (up to SHUTDOWN_GRACE_MS),
 * then close Redis.
 */
async function main(): Promise<void> {
  let config: Config;
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    config = loadConfig();
    app = await createApp(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const { logger } = app;
  if (!config.redisUrl)
    logger.warn('REDIS_URL is not set: using the embedded in-memory store (development only)');
  if (app.generatedKeys) logger.warn(`signing keys generated for development, kept in ${config.dataDir}/`);
  if (config.sandbox) logger.warn('sandbox mode: TestID login and the demo client are enabled');

  let inFlight = 0;
  // Built once: koa's callback() composes the whole middleware chain each time it is called.
  const handle = app.koa.callback();
  const server = createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    void handle(req, res);
  });
  // The operators' listener (ADMIN_PORT): admin API, /metrics, health checks; never proxied.
  const handleInternal = app.internalCallback();
  const adminServer = config.admin
    ? createServer((req, res) => {
        inFlight++;
        res.on('close', () => inFlight--);
        void handleInternal(req, res);
      })
    : undefined;
  adminServer?.listen(config.admin!.port, config.admin!.host, () =>
    logger.info(
      { port: config.admin!.port, host: config.admin!.host },
      'operators listening (admin API, metrics)',
    ),
  );
  if (!config.admin && config.env === 'production')
    logger.warn(
      'ADMIN_PORT is not set: the admin API and /metrics share the public listener; set ADMIN_PORT and keep it off the proxy',
    );
  const demoRp = config.demoRp.enabled ? await startDemoRpBeside(config, logger) : undefined;

  server.listen(config.port, () => {
    logger.info({ port: config.port, issuer: config.issuer }, 'listening');
    if (config.sandbox) {
      console.error(
        `\n  Passport eID (sandbox) is running.\n` +
          `  Discovery:  ${config.issuer}/.well-known/openid-configuration\n` +
          `  Try a login: ${config.issuer}/sandbox/try  (TestID with a synthetic identity number)\n` +
          (demoRp
            ? `\n  Demo service (a relying party): ${config.demoRp.baseUrl}/\n` +
              `    1. Open it and press "Logg inn" (asks for idporten-loa-high).\n` +
              `    2. Choose "register with passport" and type a sandbox person's identity number,\n` +
              `       e.g. ${sandboxPersons.nordicLetters.identityNumber} (Åse Sæther Ødegård).\n` +
              `    3. Read the passport with the sandbox reader (link on the page), then pay on the\n` +
              `       sandbox payment page with the passport name as the card name.\n` +
              `    4. Open ${config.issuer}/sandbox/phone in another tab and set up the app with the\n` +
              `       identity number and the activation code from the receipt.\n` +
              `    5. Press "Fortsett til innlogging", type the identity number, approve twice on the phone\n` +
              `       (enable, then log in): the demo service shows the claims. Later logins: one approval.\n` +
              `    Quicker: the TestID method on the login page takes any synthetic number.\n`
            : ''),
      );
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight }, 'shutting down');
    server.close();
    server.closeIdleConnections();
    adminServer?.close();
    adminServer?.closeIdleConnections();
    void demoRp?.close();
    const deadline = Date.now() + config.shutdownGraceMs;
    const wait = setInterval(() => {
      if (inFlight > 0 && Date.now() < deadline) return;
      clearInterval(wait);
      if (inFlight > 0) logger.warn({ inFlight }, 'grace period over, closing remaining connections');
      server.closeAllConnections();
      adminServer?.closeAllConnections();
      void app.close().then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    }, 50);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * The demo relying party beside the provider: sandbox mode only (DEMO_RP=false turns it off).
 * Imported on demand because it needs openid-client, which a production install leaves out. A
 * busy port is reported, not fatal: the provider is what matters.
 */
async function startDemoRpBeside(config: Config, logger: Logger) {
  if (config.demoRp.port === config.port) {
    logger.error(
      { port: config.port },
      'DEMO_RP_PORT is the provider PORT: the demo relying party is not started',
    );
    return undefined;
  }
  const { startDemoRp } = await import('./demo-rp/start-demo-rp.js');
  const { SANDBOX_DEMO_RP_CLIENT_ID } = await import('./oidc/sandbox-demo-rp-client.js');
  try {
    return await startDemoRp(
      {
        port: config.demoRp.port,
        issuer: config.issuer,
        baseUrl: config.demoRp.baseUrl,
        clientId: SANDBOX_DEMO_RP_CLIENT_ID,
        keyFile: config.demoRp.keyFile,
      },
      { logger: logger.child({ component: 'demo-rp' }) },
    );
  } catch (err) {
    logger.error(
      { err, port: config.demoRp.port },
      'the demo relying party could not start (set DEMO_RP_PORT, or DEMO_RP=false)',
    );
    return undefined;
  }
}

void main();
