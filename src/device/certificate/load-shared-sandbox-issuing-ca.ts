import type { Redis } from 'ioredis';
import type { Clock } from '../../shared/clock.js';
import { generateSandboxIssuingCa } from './generate-sandbox-issuing-ca.js';
import type { IssuingCa } from './issuing-ca.js';
import { loadIssuingCa } from './load-issuing-ca.js';

/**
 * The sandbox issuing CA shared by every instance on one store: the first instance to start
 * stores the CA it generated (SET NX), every instance then loads that one, so certificates
 * issued by one instance chain to the CA certificate and CRL that another one serves. Sandbox
 * only: the CA's private key is kept in Redis (a production CA comes from files or an HSM).
 *
 * @example
 *   const ca = await loadSharedSandboxIssuingCa(redis, { prefix, clock });
 */
export async function loadSharedSandboxIssuingCa(
  redis: Redis,
  opts: { prefix: string; clock: Clock },
): Promise<IssuingCa> {
  const key = `${opts.prefix}:device-ca:sandbox`;
  const mine = generateSandboxIssuingCa(opts.clock);
  const candidate = JSON.stringify({
    certPem: mine.certificatePem,
    keyPem: mine.privateKey.export({ format: 'pem', type: 'pkcs8' }),
  });
  await redis.set(key, candidate, 'NX');
  const stored = await redis.get(key);
  if (!stored) throw new Error('loadSharedSandboxIssuingCa: the stored sandbox CA vanished');
  if (stored === candidate) return mine;
  const { certPem, keyPem } = JSON.parse(stored) as { certPem: string; keyPem: string };
  const loaded = loadIssuingCa({ certPem, keyPem, sandbox: true });
  // Written by this function on another instance: failing to read it back is a bug.
  if (!loaded.ok) throw new Error(`loadSharedSandboxIssuingCa: ${loaded.code}: ${loaded.detail}`);
  return loaded.value;
}
