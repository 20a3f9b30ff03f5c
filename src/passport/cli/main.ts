import { runMasterListCommand } from './master-list-command.js';
import { runVerifyCommand } from './verify-command.js';

const USAGE = `Usage: npm run passport -- <command> [options]

Commands:
  verify              verify a chip read offline (EF.SOD, data groups, trust anchors)
  master-list         inspect a CSCA master list and check its signature
  make-test-passport  write a generated TEST passport chip and its PKI

Run a command with --help for its options.`;

/**
 * Offline eMRTD tool. Exit status: 0 every check that could run passed, 1 a check failed,
 * 2 usage error or unreadable input.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'verify':
      return runVerifyCommand(rest);
    case 'master-list':
      return runMasterListCommand(rest);
    case 'make-test-passport': {
      // Written by the factory's owner; loaded lazily so verify works without the factory.
      const { runMakeTestPassport } = await import('./make-test-passport-command.js');
      return runMakeTestPassport(rest);
    }
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      console.error(
        command ? `passport: unknown command ${JSON.stringify(command)}` : 'passport: missing command',
      );
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`passport: ${(e as Error)?.message ?? e}`);
    process.exitCode = 2;
  },
);
