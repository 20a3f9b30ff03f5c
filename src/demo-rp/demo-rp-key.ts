import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const rsaPrivateJwk = z
  .object({ kty: z.literal('RSA'), n: z.string(), e: z.string(), d: z.string(), kid: z.string() })
  .passthrough();
const keyFile = z.object({ keys: z.tuple([rsaPrivateJwk]) });

export type RsaPrivateJwk = z.infer<typeof rsaPrivateJwk>;

export interface DemoRpKey {
  /** Private JWK (RS256) the demo RP signs its client assertions with. */
  readonly privateJwk: RsaPrivateJwk;
  /** The same key without private parts: what the provider registers as the client's jwks. */
  readonly publicJwk: { kty: 'RSA'; n: string; e: string; kid: string; alg: 'RS256'; use: 'sig' };
}

/**
 * The demo RP's private_key_jwt key, shared by file between the provider (which registers the
 * public half in sandbox mode) and the demo RP (which signs with it). Generated once when the
 * file is missing. Whichever process starts first writes it; the file appears atomically (a
 * hard link of a complete temporary file), so a second process racing it reads the same key.
 */
export function loadOrCreateDemoRpKey(file: string): DemoRpKey {
  if (!existsSync(file)) create(file);
  const parsed = keyFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a demo RP key file (one private RSA JWK)`);
  const privateJwk = parsed.data.keys[0];
  const { kty, n, e, kid } = privateJwk;
  return { privateJwk, publicJwk: { kty, n, e, kid, alg: 'RS256', use: 'sig' } };
}

function create(file: string): void {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint as kid: stable for the key, so a restart of either side agrees on it.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
  const text = JSON.stringify({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] }, null, 2);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
}
