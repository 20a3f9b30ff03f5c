import { fixedClock } from './clock.js';

test('a fixed clock only moves when told to', () => {
  const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
  expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  clock.advance(1500);
  expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
});
