import type { AdminApiOutcome } from './admin-api-client.js';

/** Prints a failed call on stderr and gives the exit status: 1 refused by the API, 2 unreachable. */
export function reportFailure(outcome: Exclude<AdminApiOutcome, { kind: 'ok' }>): number {
  if (outcome.kind === 'unreachable') {
    console.error(`error: cannot reach the admin API at ${outcome.url}: ${outcome.reason}`);
    return 2;
  }
  console.error(`error: ${outcome.code}: ${outcome.description}`);
  return 1;
}
