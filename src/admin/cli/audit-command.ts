import { parseArgs } from 'node:util';
import { connectFromEnv } from './connect-from-env.js';
import { ENV_HELP } from './env-help.js';
import { formatTable } from './format-table.js';
import { reportFailure } from './report-failure.js';
import { usageError } from './usage-error.js';

const HELP = `Usage: npm run admin -- audit [--count N] [--json]

The newest entries of the audit log, newest first (role admin): who did what to what, and the
outcome (ok or a refusal code). Calls refused for bad credentials are listed as "anonymous".

  --count N   how many entries, 1 to 1000 (default 50)
  --json      print {"entries": [...]} as the API returns it

${ENV_HELP}`;

/** `audit [--count N]`. */
export async function runAuditCommand(argv: string[]): Promise<number> {
  let values: { count?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        count: { type: 'string', short: 'n' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return usageError('audit', (e as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const count = values.count === undefined ? 50 : Number(values.count);
  if (!/^\d+$/.test(values.count ?? '50') || count < 1 || count > 1000) {
    return usageError('audit', '--count expects a whole number from 1 to 1000');
  }
  const api = connectFromEnv();
  if (!api.ok) return usageError('audit', api.detail);
  const r = await api.value.call('GET', `/audit?count=${count}`);
  if (r.kind !== 'ok') return reportFailure(r);
  if (values.json) {
    console.log(JSON.stringify(r.body, null, 2));
    return 0;
  }
  const entries = (r.body as { entries?: Record<string, string | undefined>[] }).entries ?? [];
  if (entries.length === 0) {
    console.log('The audit log is empty.');
    return 0;
  }
  const rows = entries.map((e) => [
    e.at ?? '-',
    e.actor ?? '-',
    e.role ?? '-',
    e.action ?? '-',
    e.target ?? '-',
    e.outcome ?? '-',
  ]);
  console.log(formatTable(['AT', 'ACTOR', 'ROLE', 'ACTION', 'TARGET', 'OUTCOME'], rows));
  return 0;
}
