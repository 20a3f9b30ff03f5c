import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Secrets {
  readonly cookieKeys: string[];
  readonly pairwiseSalt: string;
}

/**
 * Cookie keys and the pairwise salt: configured values win; otherwise (development only, since
 * production config refuses their absence) generated once and kept in DATA_DIR, so a restart
 * neither logs everyone out nor changes every pairwise `sub`.
 */
export function resolveSecrets(
  configured: { cookieKeys: readonly string[] | undefined; pairwiseSalt: string | undefined },
  dataDir: string,
): Secrets {
  if (configured.cookieKeys && configured.pairwiseSalt) {
    return { cookieKeys: [...configured.cookieKeys], pairwiseSalt: configured.pairwiseSalt };
  }
  const file = join(dataDir, 'development-secrets.json');
  let stored: Secrets;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  } else {
    stored = {
      cookieKeys: [randomBytes(32).toString('base64url')],
      pairwiseSalt: randomBytes(32).toString('base64url'),
    };
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return {
    cookieKeys: configured.cookieKeys ? [...configured.cookieKeys] : stored.cookieKeys,
    pairwiseSalt: configured.pairwiseSalt ?? stored.pairwiseSalt,
  };
}
