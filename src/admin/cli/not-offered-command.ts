import { ENV_HELP } from './env-help.js';

interface Planned {
  readonly usage: string;
  readonly what: string;
  readonly subcommands: readonly string[];
  readonly feature: string;
}

const PLANNED: Record<string, Planned> = {
  device: {
    usage: 'device block|unblock ID',
    what: 'Blocks or unblocks an authenticator app device (support for a lost or stolen phone).',
    subcommands: ['block', 'unblock'],
    feature: 'the authenticator app',
  },
  order: {
    usage: 'order show CODE',
    what: 'Shows an eID order by its reference code (support for a registration that failed).',
    subcommands: ['show'],
    feature: 'registration with the passport',
  },
};

/**
 * `device` and `order`: listed so operators find them, but the admin API has no endpoints for
 * them until the features they act on exist. Exit 2 and say so, rather than pretend to act.
 */
export function runNotOfferedCommand(command: 'device' | 'order', argv: string[]): number {
  const planned = PLANNED[command]!;
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    console.log(`Usage: npm run admin -- ${planned.usage}

${planned.what}
Not available yet: the server does not offer this until ${planned.feature} is built.

${ENV_HELP}`);
    return 0;
  }
  const sub = argv[0];
  const known = sub !== undefined && planned.subcommands.includes(sub);
  console.error(
    `error: ${known ? `${command} ${sub}` : command} is not available yet: the server does not offer it ` +
      `until ${planned.feature} is built. Nothing was changed.`,
  );
  return 2;
}
