import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../../config/load-config.js';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/shared/create-logger.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RunningProvider {
  readonly issuer: string;
  readonly app: App;
  readonly server: Server;
  readonly prefix: string;
  readonly dataDir: string;
  /** Stops HTTP; Redis keys stay (restart tests reuse them) until `cleanup`. */
  stop(): Promise<void>;
  /** Stops and deletes every key this provider wrote. */
  cleanup(): Promise<void>;
}

/**
 * Starts the whole app on an ephemeral port against real Redis, with its own key prefix and
 * data folder, so test files can run in parallel and restart a provider on the same state.
 */
export async function startProvider(
  opts: {
    clients?: object[];
    env?: Record<string, string>;
    prefix?: string;
    dataDir?: string;
    port?: number;
    memoryStore?: boolean;
    /** Collects the JSON log lines (level info and up) instead of discarding them. */
    logs?: string[];
  } = {},
): Promise<RunningProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'eid-test-'));
  const prefix = opts.prefix ?? `t${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: String(port),
    ISSUER: issuer,
    REDIS_PREFIX: prefix,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(opts.memoryStore ? {} : { REDIS_URL: TEST_REDIS_URL }),
    ...opts.env,
  };
  if (opts.clients) {
    const file = join(dataDir, 'clients.json');
    writeFileSync(file, JSON.stringify(opts.clients));
    env.CLIENTS_FILE = file;
  }
  const logs = opts.logs;
  // The production logger (with its redactions), writing into the array.
  const logger = logs
    ? createLogger('info', { write: (line: string) => logs.push(line) } as unknown as NodeJS.WritableStream)
    : pino({ level: 'silent' });
  const app = await createApp(loadConfig(env), { logger });
  server.on('request', app.koa.callback());
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
  };
  return {
    issuer,
    app,
    server,
    prefix,
    dataDir,
    stop,
    async cleanup() {
      await stop();
      await deleteKeys(prefix);
    },
  };
}

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
