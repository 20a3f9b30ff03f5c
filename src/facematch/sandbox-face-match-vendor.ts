import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTVerifyGetKey } from 'jose';

export const SANDBOX_VENDOR = 'urn:passport-eid:sandbox-reader-vendor';

/**
 * The sandbox reader's "vendor": a key made at start-up that signs face comparison results the
 * way a real vendor would, so the sandbox goes through the same verifier. Sandbox mode only.
 */
export function createSandboxFaceMatchVendor(audience: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys: JWTVerifyGetKey = async () => publicKey as KeyObject;
  return {
    issuer: SANDBOX_VENDOR,
    keys,
    /** Signs a result for an order and the DG2 bytes the sandbox chip holds. */
    async sign(input: {
      orderId: string;
      dg2: Uint8Array;
      score: number;
      liveness: 'pass' | 'fail';
      at?: Date;
    }) {
      const iat = Math.floor((input.at ?? new Date()).getTime() / 1000);
      return new SignJWT({
        order_id: input.orderId,
        dg2_sha256: createHash('sha256').update(input.dg2).digest('base64url'),
        score: input.score,
        liveness: input.liveness,
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
        .setIssuer(SANDBOX_VENDOR)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 600)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
