import type { Clock } from '../../shared/clock.js';
import { buildCrl } from './build-crl.js';
import type { DeviceCertificateRegistry } from './device-certificate-registry.js';
import type { IssuingCa } from './issuing-ca.js';

export interface CurrentCrl {
  readonly der: Uint8Array;
  readonly crlNumber: bigint;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly revokedCount: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Signs a CRL of everything the registry holds as revoked, under the next CRL number. Each call
 * takes a new number and signs, so the caller publishes on a schedule or caches the result
 * (e.g. until a revocation or half the lifetime has passed) rather than calling it per request.
 * `lifetimeMs` (default 24 h) sets nextUpdate: relying parties treat the CRL as stale after it,
 * so the publisher must produce a new one well before.
 *
 * @example
 *   const crl = await produceCurrentCrl({ registry, ca, clock });
 *   ctx.type = 'application/pkix-crl'; ctx.body = Buffer.from(crl.der);
 */
export async function produceCurrentCrl(input: {
  readonly registry: DeviceCertificateRegistry;
  readonly ca: IssuingCa;
  readonly clock: Clock;
  readonly lifetimeMs?: number;
}): Promise<CurrentCrl> {
  const { crlNumber, revoked } = await input.registry.crlSnapshot();
  // X.509 times have whole seconds; report the times as written.
  const thisUpdate = new Date(Math.floor(input.clock.now().getTime() / 1000) * 1000);
  const nextUpdate = new Date(thisUpdate.getTime() + (input.lifetimeMs ?? DAY_MS));
  const der = buildCrl({ ca: input.ca, revoked, thisUpdate, nextUpdate, crlNumber });
  return { der, crlNumber, thisUpdate, nextUpdate, revokedCount: revoked.length };
}
