import type { Clock } from '../../shared/clock.js';
import type { DeviceCertificateRegistry } from './device-certificate-registry.js';
import type { IssuingCa } from './issuing-ca.js';
import { produceCurrentCrl, type CurrentCrl } from './produce-current-crl.js';

/**
 * Serves the CRL without signing per request: the last one is reused until it is `maxAgeMs`
 * old or a revocation on this instance invalidated it (other instances catch up within
 * `maxAgeMs`). Concurrent requests share one signing.
 *
 * @example
 *   const crl = createCrlPublisher({ registry, ca, clock });
 *   ctx.body = Buffer.from((await crl.current()).der);
 *   crl.invalidate(); // after a revocation
 */
export interface CrlPublisher {
  current(): Promise<CurrentCrl>;
  invalidate(): void;
}

export function createCrlPublisher(deps: {
  registry: DeviceCertificateRegistry;
  /** A promise while the (shared sandbox) CA is still being loaded. */
  ca: IssuingCa | Promise<IssuingCa>;
  clock: Clock;
  maxAgeMs?: number;
}): CrlPublisher {
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  let cached: { crl: Promise<CurrentCrl>; at: number } | undefined;
  return {
    current() {
      const now = deps.clock.now().getTime();
      if (!cached || now - cached.at >= maxAgeMs) {
        const crl = Promise.resolve(deps.ca).then((ca) =>
          produceCurrentCrl({ registry: deps.registry, ca, clock: deps.clock }),
        );
        cached = { crl, at: now };
        crl.catch(() => {
          cached = undefined;
        });
      }
      return cached.crl;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
