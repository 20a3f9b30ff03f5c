import { fork, type ChildProcess } from 'node:child_process';
import type { Request } from './http-requester.js';

/**
 * Starts `count` provider processes (src/main.ts) on ports `basePort`, `basePort + 1`, … with
 * `env` on top of this process's environment, one after the other, each waited for until
 * /readyz answers 200 (so the first one generates development keys before the others read
 * them). `BENCH_CPU_PROF=dir` makes each one write a CPU profile there when it stops.
 */
export async function startProviderInstances(opts: {
  count: number;
  basePort: number;
  env: Record<string, string>;
  request: Request;
}): Promise<{ bases: string[]; children: ChildProcess[] }> {
  const bases: string[] = [];
  const children: ChildProcess[] = [];
  for (let i = 0; i < opts.count; i++) {
    const port = opts.basePort + i;
    children.push(
      fork('src/main.ts', [], {
        execArgv: [
          '--import',
          'tsx',
          ...(process.env.BENCH_CPU_PROF
            ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
            : []),
        ],
        env: { ...process.env, ...opts.env, PORT: String(port), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    bases.push(`http://127.0.0.1:${port}`);
    for (let t = 0; t < 400; t++) {
      try {
        if ((await opts.request(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { bases, children };
}
