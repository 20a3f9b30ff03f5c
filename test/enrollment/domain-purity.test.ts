// Architecture §3: domain code (the order state machine, the matching rules) never imports koa,
// ioredis or fetch; only the store adapter may talk to Redis.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '../../src/enrollment');
const ADAPTERS = new Set(['create-redis-order-store.ts', 'redis-aa-challenge-store.ts']);
// Registration wiring: Redis adapters, HTTP routes and the composition helper are not domain code.
const isAdapter = (f: string) =>
  ADAPTERS.has(f) ||
  /^create-redis-.*\.ts$/.test(f) ||
  f.endsWith('-routes.ts') ||
  f === 'wire-registration.ts';

test.each(readdirSync(DIR).filter((f) => f.endsWith('.ts') && !isAdapter(f)))(
  '%s is pure domain code',
  (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    expect(source).not.toMatch(/from '(koa|@koa\/[^']+|ioredis|ioredis-mock)'/);
    expect(source).not.toMatch(/\bfetch\(/);
  },
);
