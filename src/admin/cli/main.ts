import { runAuditCommand } from './audit-command.js';
import { runClientCommand } from './client-command.js';
import { ENV_HELP } from './env-help.js';
import { runHashSecretCommand } from './hash-secret-command.js';
import { runDeviceCommand } from './device-command.js';
import { runOrderCommand } from './order-command.js';
import { runRegistrationCommand } from './registration-command.js';
import { usageError } from './usage-error.js';

const USAGE = `Usage: npm run admin -- <command> [options]

Administers a running provider through its admin API (/admin/v1).

Commands:
  client create|list|show|update|delete|rotate-secret
                            relying parties registered through the API
  registration token        initial access token for dynamic client registration
  audit [--count N]         newest audit log entries
  hash-secret               hash an administrator secret for ADMIN_CREDENTIALS (no server needed)
  order show|cancel CODE    look up a registration order; cancel it (with refund)
  device list|block|unblock a person's eID and devices; block a lost phone

Every command takes --help. Output is a readable table; --json prints exactly one JSON document
on stdout for scripts. Errors go to stderr as "error: <code>: <description>".

${ENV_HELP}`;

/**
 * Admin CLI. Exit status: 0 done, 1 the API refused the request, 2 usage error or the server
 * could not be reached.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'client':
      return runClientCommand(rest);
    case 'registration':
      return runRegistrationCommand(rest);
    case 'audit':
      return runAuditCommand(rest);
    case 'hash-secret':
      return runHashSecretCommand(rest);
    case 'device':
      return runDeviceCommand(rest);
    case 'order':
      return runOrderCommand(rest);
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return 0;
    case undefined:
      console.error(USAGE);
      return 2;
    default:
      return usageError('', `unknown command ${JSON.stringify(command)}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`error: ${(e as Error)?.message ?? e}`);
    process.exitCode = 2;
  },
);
