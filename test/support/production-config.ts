import { ConfigError, loadConfig } from '../../config/load-config.js';

/**
 * A complete production configuration (real adapters, no sandbox) that loadConfig accepts; config
 * tests change one variable and expect the refusal that names it.
 */
export const productionEnv = {
  NODE_ENV: 'production',
  ISSUER: 'https://eid.example.no',
  REDIS_URL: 'rediss://redis.internal:6380',
  SIGNING_KEYS: '/etc/eid/jwks.json',
  COOKIE_KEYS: 'k'.repeat(32),
  PAIRWISE_SALT: 's'.repeat(32),
  SANDBOX: 'false',
  // Registration (issue 4): the real register, payment and face-match adapters and the trust store.
  FREG_BASE_URL: 'https://folkeregisteret.api.skatteetaten.no',
  MASKINPORTEN_ISSUER: 'https://maskinporten.no/',
  MASKINPORTEN_TOKEN_ENDPOINT: 'https://maskinporten.no/token',
  MASKINPORTEN_CLIENT_ID: 'client',
  MASKINPORTEN_KEY_ID: 'kid',
  MASKINPORTEN_KEY_FILE: '/etc/eid/maskinporten.pem',
  ADYEN_BASE_URL: 'https://p1-checkout-live.adyenpayments.com/checkout/v71',
  ADYEN_API_KEY: 'key',
  ADYEN_MERCHANT_ACCOUNT: 'Merchant',
  ADYEN_HMAC_KEY: 'ab'.repeat(32),
  ADYEN_LIVE: 'true',
  FACE_MATCH_JWKS_URL: 'https://vendor.example/jwks',
  FACE_MATCH_ISSUER: 'https://vendor.example',
  PASSPORT_MASTER_LIST_FILES: '/etc/eid/ml.ml',
} as const;

/** The message of the ConfigError `env` causes; fails the test when the configuration loads. */
export function configRefusal(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected the configuration to be refused');
}
