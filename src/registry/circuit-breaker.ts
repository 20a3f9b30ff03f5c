import type { Clock } from '../shared/clock.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  /**
   * May a call go out now? Closed: yes. Open: no, until the cool-down has passed; then the breaker
   * is half-open and lets exactly one trial call through, refusing the rest until that trial
   * reports back. Every `true` must be followed by `recordSuccess` or `recordFailure`.
   */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  readonly state: CircuitState;
}

/**
 * Stops hammering a dependency that keeps failing, and lets callers fail fast meanwhile: after
 * `failureThreshold` consecutive failures it opens for `coolDownMs`, then allows a single trial.
 * Time comes from the injected clock so tests can step through the cool-down.
 *
 * @example
 *   const breaker = createCircuitBreaker({ failureThreshold: 5, coolDownMs: 30_000, clock });
 *   if (!breaker.tryAcquire()) return err('registry.unavailable', 'circuit open');
 */
export function createCircuitBreaker(opts: {
  failureThreshold: number;
  coolDownMs: number;
  clock: Clock;
}): CircuitBreaker {
  if (!Number.isInteger(opts.failureThreshold) || opts.failureThreshold < 1) {
    throw new RangeError('failureThreshold must be a positive integer');
  }
  if (!(opts.coolDownMs >= 0)) throw new RangeError('coolDownMs must not be negative');

  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trialInFlight = false;

  const open = () => {
    state = 'open';
    openedAt = opts.clock.now().getTime();
    trialInFlight = false;
  };

  return {
    get state() {
      // Report half-open as soon as the cool-down is over, even before anyone asked to call.
      if (state === 'open' && opts.clock.now().getTime() - openedAt >= opts.coolDownMs) return 'half-open';
      return state;
    },
    tryAcquire() {
      if (state === 'closed') return true;
      if (state === 'open') {
        if (opts.clock.now().getTime() - openedAt < opts.coolDownMs) return false;
        state = 'half-open';
      }
      if (trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    recordSuccess() {
      state = 'closed';
      failures = 0;
      trialInFlight = false;
    },
    recordFailure() {
      if (state === 'half-open') return open();
      failures += 1;
      if (state === 'closed' && failures >= opts.failureThreshold) open();
    },
  };
}
