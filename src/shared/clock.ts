/**
 * Time comes from an injected clock so that tests can freeze it.
 *
 * @example
 *   const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
 *   clock.now(); // always that instant
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const fixedClock = (at: Date): Clock & { set(d: Date): void; advance(ms: number): void } => {
  let t = at.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => {
      t = d.getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
};
