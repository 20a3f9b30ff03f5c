import type { Clock } from '../shared/clock.js';
import type { AaChallengeConsumeOutcome, AaChallengeRecord, AaChallengeStore } from './aa-challenge-store.js';

/**
 * In-memory adapter of `AaChallengeStore` for tests and the single-process development server.
 * Atomicity comes from JavaScript's single thread: each method runs to completion without
 * awaiting in between. Not for several instances (production config refuses it).
 */
export function createMemoryAaChallengeStore(clock: Clock): AaChallengeStore {
  const entries = new Map<string, { record: AaChallengeRecord; consumed: boolean; dropAt: number }>();
  const purge = () => {
    const now = clock.now().getTime();
    for (const [k, v] of entries) if (v.dropAt <= now) entries.delete(k);
  };
  return {
    async put(challengeHex, record, retainMs) {
      purge();
      if (entries.has(challengeHex)) return false;
      entries.set(challengeHex, { record, consumed: false, dropAt: record.expiresAt + retainMs });
      return true;
    },
    async consume(challengeHex): Promise<AaChallengeConsumeOutcome> {
      purge();
      const e = entries.get(challengeHex);
      if (!e) return { found: false };
      const alreadyConsumed = e.consumed;
      e.consumed = true;
      return { found: true, record: e.record, alreadyConsumed };
    },
  };
}
