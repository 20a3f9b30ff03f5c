import { parseArgs } from 'node:util';
import { connectFromEnv } from './connect-from-env.js';
import { ENV_HELP } from './env-help.js';
import { formatFields } from './format-fields.js';
import { reportFailure } from './report-failure.js';
import { usageError } from './usage-error.js';

const HELP = `Usage: npm run admin -- registration token [--json]

Makes an initial access token for RFC 7591 dynamic registration (role admin). The server must run
with DYNAMIC_REGISTRATION=initial-access-token. Give the token to the relying party: it sends it as
a bearer token to /register. The token is valid for 24 hours and is printed only this once.

  --json    print {"initial_access_token": ..., "expires_in": ...}

${ENV_HELP}`;

/** `registration token`. */
export async function runRegistrationCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) return usageError('registration', 'missing subcommand (token)');
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(HELP);
    return 0;
  }
  if (sub !== 'token') return usageError('registration', `unknown subcommand ${JSON.stringify(sub)}`);
  let values: { json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    return usageError('registration token', (e as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const api = connectFromEnv();
  if (!api.ok) return usageError('registration token', api.detail);
  const r = await api.value.call('POST', '/initial-access-tokens');
  if (r.kind !== 'ok') return reportFailure(r);
  const body = r.body as { initial_access_token?: string; expires_in?: number };
  if (values.json) {
    console.log(JSON.stringify(body, null, 2));
    return 0;
  }
  const expires =
    typeof body.expires_in === 'number' ? new Date(Date.now() + body.expires_in * 1000) : undefined;
  console.log(
    formatFields({
      initial_access_token: body.initial_access_token,
      expires_at: expires?.toISOString(),
    }),
  );
  console.log('It is not shown again: hand it to the relying party now, over a confidential channel.');
  return 0;
}
