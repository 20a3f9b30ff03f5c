import { createLogger } from '../shared/create-logger.js';
import { loadDemoRpConfig } from './demo-rp-config.js';
import { startDemoRp } from './start-demo-rp.js';

/** `npm run demo:rp`: the demo relying party alone, against DEMO_RP_ISSUER. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadDemoRpConfig();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(78); // EX_CONFIG, as the provider does
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info').child({ component: 'demo-rp' });
  const running = await startDemoRp(config, { logger });
  console.error(
    `\n  Demo relying party (Demoetaten – Min side) is running.\n` +
      `  Open:     ${config.baseUrl}/\n` +
      `  Provider: ${config.issuer} (client_id ${config.clientId})\n`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
