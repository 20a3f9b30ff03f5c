import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Settings for a provider outside sandbox mode (not production): the registration's real
 * adapters pointed at a closed port (nothing is contacted at start-up) and the push/attestation
 * sandbox adapters, which development allows without SANDBOX.
 */
export function nonSandboxEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'eid-real-'));
  const keyFile = join(dir, 'maskinporten.pem');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return {
    SANDBOX: 'false',
    FREG_BASE_URL: 'http://127.0.0.1:9/freg',
    MASKINPORTEN_ISSUER: 'http://127.0.0.1:9/',
    MASKINPORTEN_TOKEN_ENDPOINT: 'http://127.0.0.1:9/token',
    MASKINPORTEN_CLIENT_ID: 'client',
    MASKINPORTEN_KEY_ID: 'kid',
    MASKINPORTEN_KEY_FILE: keyFile,
    ADYEN_BASE_URL: 'http://127.0.0.1:9/checkout/v71',
    ADYEN_API_KEY: 'key',
    ADYEN_MERCHANT_ACCOUNT: 'Merchant',
    ADYEN_HMAC_KEY: 'ab'.repeat(32),
    FACE_MATCH_JWKS_URL: 'http://127.0.0.1:9/jwks',
    FACE_MATCH_ISSUER: 'vendor',
    PUSH_ADAPTER: 'sandbox',
    ATTESTATION_ADAPTER: 'sandbox',
  };
}
