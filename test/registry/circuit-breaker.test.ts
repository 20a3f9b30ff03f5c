import { fixedClock } from '../../src/shared/clock.js';
import { createCircuitBreaker } from '../../src/registry/circuit-breaker.js';

/** The breaker that lets registry lookups fail fast while Folkeregisteret is down. */
describe('circuit breaker', () => {
  const setup = () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const breaker = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 10_000, clock });
    return { clock, breaker };
  };
  const fail = (b: ReturnType<typeof setup>['breaker'], times: number) => {
    for (let i = 0; i < times; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.recordFailure();
    }
  };

  test('stays closed below the threshold, and a success resets the count', () => {
    const { breaker } = setup();
    fail(breaker, 2);
    breaker.recordSuccess();
    fail(breaker, 2);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  test('opens after N consecutive failures and refuses calls during the cool-down', () => {
    const { clock, breaker } = setup();
    fail(breaker, 3);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(9_999);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.state).toBe('open');
  });

  test('half-opens after the cool-down and lets exactly one trial through', () => {
    const { clock, breaker } = setup();
    fail(breaker, 3);
    clock.advance(10_000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
  });

  test('a successful trial closes the breaker', () => {
    const { clock, breaker } = setup();
    fail(breaker, 3);
    clock.advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    // The failure count starts again from zero.
    fail(breaker, 2);
    expect(breaker.state).toBe('closed');
  });

  test('a failed trial opens it again for a whole cool-down', () => {
    const { clock, breaker } = setup();
    fail(breaker, 3);
    clock.advance(15_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.advance(9_999);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  test('refuses nonsensical settings', () => {
    const clock = fixedClock(new Date());
    expect(() => createCircuitBreaker({ failureThreshold: 0, coolDownMs: 1, clock })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ failureThreshold: 1.5, coolDownMs: 1, clock })).toThrow(RangeError);
    expect(() => createCircuitBreaker({ failureThreshold: 1, coolDownMs: -1, clock })).toThrow(RangeError);
  });
});
