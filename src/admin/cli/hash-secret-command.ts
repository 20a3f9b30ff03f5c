import { parseArgs } from 'node:util';
import { hashAdminSecret } from '../admin-secret.js';
import { ENV_HELP } from './env-help.js';
import { readSecret } from './read-secret.js';
import { usageError } from './usage-error.js';

const HELP = `Usage: npm run admin -- hash-secret [--json] < secret.txt

Hashes an administrator secret for the server's ADMIN_CREDENTIALS (scrypt). Works without a
server. The secret is read from stdin: at a terminal you type it twice without echo; from a pipe
the first line is taken. The secret is never a command-line argument, so it stays out of shell
history and process lists.

Put the output in ADMIN_CREDENTIALS as NAME:ROLE:HASH (ROLE admin or support, entries separated by
commas), then use NAME and the secret itself as EID_ADMIN_USER and EID_ADMIN_SECRET.

  --json    print {"hash": "scrypt$..."}

${ENV_HELP}`;

/** `hash-secret`: scrypt hash of a secret from stdin, in ADMIN_CREDENTIALS' format. */
export async function runHashSecretCommand(argv: string[]): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    return usageError('hash-secret', (e as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const secret = await readSecret('Administrator secret: ');
  if (secret === undefined) return usageError('hash-secret', 'cancelled');
  if (process.stdin.isTTY) {
    // Typed blind: a second entry catches a typo before it locks someone out.
    const again = await readSecret('Again, to confirm: ');
    if (again === undefined) return usageError('hash-secret', 'cancelled');
    if (again !== secret) return usageError('hash-secret', 'the two entries differ; nothing was hashed');
  }
  if (secret.length === 0) return usageError('hash-secret', 'the secret is empty');
  if (/[\r\n]/.test(secret)) return usageError('hash-secret', 'the secret must be one line');
  if (secret.length < 16) {
    console.error('warning: secrets under 16 characters are easy to guess; prefer a long passphrase');
  }
  const hash = hashAdminSecret(secret);
  console.log(values.json ? JSON.stringify({ hash }, null, 2) : hash);
  return 0;
}
