import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createDemoRp, type DemoRp } from './create-demo-rp.js';
import type { DemoRpConfig } from './demo-rp-config.js';

export interface RunningDemoRp {
  readonly url: string;
  readonly server: Server;
  readonly rp: DemoRp;
  close(): Promise<void>;
}

/**
 * Listens on config.port (0 = any free port). `server` may be passed already listening, which
 * is how tests reserve a port before the provider needs the demo RP's address.
 */
export async function startDemoRp(
  config: DemoRpConfig,
  opts: { logger?: Logger; server?: Server; host?: string } = {},
): Promise<RunningDemoRp> {
  const rp = createDemoRp(config, { logger: opts.logger });
  const server = opts.server ?? createServer();
  server.on('request', rp.koa.callback());
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, opts.host, resolve);
    });
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: config.port === port ? config.baseUrl : `http://127.0.0.1:${port}`,
    server,
    rp,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
