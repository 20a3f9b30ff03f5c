import { createServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from '../config/load-config.js';
import { createApp } from './app.js';

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
  const server = createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    void app.koa.callback()(req, res);
  });
  server.listen(config.port, () => {
    logger.info({ port: config.port, issuer: config.issuer }, 'listening');
    if (config.sandbox) {
      console.error(
        `\n  Passport eID (sandbox) is running.\n` +
          `  Discovery:  ${config.issuer}/.well-known/openid-configuration\n` +
          `  Try a login: ${config.issuer}/sandbox/try  (TestID with a synthetic identity number)\n`,
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
    const deadline = Date.now() + config.shutdownGraceMs;
    const wait = setInterval(() => {
      if (inFlight > 0 && Date.now() < deadline) return;
      clearInterval(wait);
      if (inFlight > 0) logger.warn({ inFlight }, 'grace period over, closing remaining connections');
      server.closeAllConnections();
      void app.close().then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    }, 50);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
