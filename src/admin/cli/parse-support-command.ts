import { parseArgs } from 'node:util';
import { usageError } from './usage-error.js';

export interface SupportInvocation<S extends string> {
  readonly sub: S;
  readonly values: { json?: boolean; reason?: string };
  readonly positionals: string[];
}

/**
 * The shared front of the `order` and `device` commands: subcommand, `--help` (printed, exit 0),
 * `--json`, and `--reason`, which only `reasonSub` takes. Returns an exit status when the
 * command is already answered (help or a usage error).
 */
export function parseSupportCommand<S extends string>(
  command: string,
  argv: string[],
  spec: { subs: readonly S[]; help: Record<string, string>; reasonSub: S },
): SupportInvocation<S> | number {
  const [sub, ...rest] = argv;
  if (sub === undefined) return usageError(command, 'missing subcommand');
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(spec.help[command]);
    return 0;
  }
  if (!(spec.subs as readonly string[]).includes(sub)) {
    return usageError(command, `unknown subcommand ${JSON.stringify(sub)}`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        reason: { type: 'string' },
      },
    });
  } catch (e) {
    return usageError(`${command} ${sub}`, (e as Error).message);
  }
  if (parsed.values.help) {
    console.log(spec.help[sub]);
    return 0;
  }
  if (parsed.values.reason !== undefined && sub !== spec.reasonSub) {
    return usageError(`${command} ${sub}`, `--reason belongs to ${command} ${spec.reasonSub} only`);
  }
  return { sub: sub as S, values: parsed.values, positionals: parsed.positionals };
}
