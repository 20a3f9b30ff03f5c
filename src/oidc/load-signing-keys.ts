import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { z } from 'zod';
import { ConfigError } from '../../config/load-config.js';

const privateJwk = z
  .object({
    kty: z.enum(['RSA', 'EC']),
    kid: z.string().min(1).optional(),
    alg: z.enum(['RS256', 'PS256', 'ES256']).optional(),
    use: z.literal('sig').optional(),
    d: z.string().min(1, 'private key material (d) is required'),
    crv: z.literal('P-256').optional(),
    n: z.string().optional(),
  })
  .passthrough()
  .refine((k) => k.kty !== 'RSA' || (k.n !== undefined && Buffer.from(k.n, 'base64url').length >= 256), {
    message: 'RSA signing keys must be at least 2048 bits',
  });
const jwksFile = z.object({ keys: z.array(privateJwk).min(1) });

export interface SigningKeys {
  /** Private JWKs, in signing preference order (first key of an algorithm signs). */
  readonly keys: JWK[];
  /** True when the keys were generated for development rather than configured. */
  readonly generated: boolean;
}

/**
 * Signing keys come from SIGNING_KEYS (a JWKS file, or comma-separated PEM files). Without it, a
 * development set (RSA-2048 for RS256/PS256, P-256 for ES256) is generated once and kept in
 * DATA_DIR so that restarts do not invalidate issued tokens. Production refuses the latter in
 * config. Rotation: put the new key first; keep the old one listed until its tokens expire.
 */
export async function loadSigningKeys(source: string | undefined, dataDir: string): Promise<SigningKeys> {
  if (source) return { keys: await fromSource(source), generated: false };
  const file = join(dataDir, 'signing-keys.jwks.json');
  if (existsSync(file)) return { keys: await fromJwksFile(file), generated: true };
  const keys = await Promise.all([
    withKid(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    withKid(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
  ]);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
  return { keys, generated: true };
}

async function fromSource(source: string): Promise<JWK[]> {
  const files = source.split(',').map((f) => f.trim());
  if (files.length === 1 && files[0]!.endsWith('.json')) return fromJwksFile(files[0]!);
  return Promise.all(
    files.map((f) => {
      const pem = readOrExplain(f);
      try {
        return withKid(createPrivateKey(pem));
      } catch (e) {
        throw configError(`SIGNING_KEYS: ${f} is not a PEM private key`, { cause: e });
      }
    }),
  );
}

async function fromJwksFile(file: string): Promise<JWK[]> {
  let json: unknown;
  try {
    json = JSON.parse(readOrExplain(file));
  } catch (e) {
    if (e instanceof SyntaxError) throw configError(`SIGNING_KEYS: ${file} is not valid JSON`, { cause: e });
    throw e;
  }
  const parsed = jwksFile.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw configError(`SIGNING_KEYS: ${file}: ${i.path.join('.')}: ${i.message}`);
  }
  return Promise.all(
    parsed.data.keys.map(
      async (k) => ({ ...k, kid: k.kid ?? (await calculateJwkThumbprint(k as JWK)) }) as JWK,
    ),
  );
}

async function withKid(key: KeyObject): Promise<JWK> {
  const jwk = key.export({ format: 'jwk' }) as JWK;
  if (jwk.kty === 'EC' && jwk.crv !== 'P-256')
    throw configError('SIGNING_KEYS: EC keys must be on P-256 (ES256)');
  if (jwk.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw configError('SIGNING_KEYS: RSA signing keys must be at least 2048 bits');
  }
  return { ...jwk, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
}

function readOrExplain(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw configError(`SIGNING_KEYS: cannot read ${file} (${(e as NodeJS.ErrnoException).code})`, {
      cause: e,
    });
  }
}

/** A bad file named by configuration stops start-up like any other bad setting (exit 78). */
function configError(message: string, options?: { cause: unknown }): ConfigError {
  const e = new ConfigError(message.split('\n'));
  if (options) e.cause = options.cause;
  return e;
}
