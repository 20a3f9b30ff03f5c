import type { RawConfig } from './config-schema.js';

/** Settings of the registration (issue 4): price, lifetimes, and what the real adapters need. */
export interface RegistrationConfig {
  readonly price: { readonly value: number; readonly currency: string };
  readonly orderLifetimeMs: number;
  readonly activationSecretValidityMs: number;
  readonly readerTokenTtlSeconds: number;
  readonly readerMaxUploadBytes: number;
  readonly cardholderNameCheck: 'match' | 'partial' | 'unavailable';
  readonly trustStore: {
    readonly cscaFiles: readonly string[];
    readonly masterListFiles: readonly string[];
    readonly masterListSignerFiles: readonly string[];
    readonly crlFiles: readonly string[];
  };
  readonly faceMatch: {
    readonly jwksUrl: string | undefined;
    readonly issuer: string | undefined;
    readonly minScore: number;
    readonly maxAgeSeconds: number;
  };
  readonly folkeregisteret: {
    readonly baseUrl: string | undefined;
    readonly maskinporten: {
      readonly issuer: string | undefined;
      readonly tokenEndpoint: string | undefined;
      readonly clientId: string | undefined;
      readonly keyId: string | undefined;
      readonly keyFile: string | undefined;
      readonly scope: string;
    };
  };
  readonly adyen: {
    readonly baseUrl: string | undefined;
    readonly apiKey: string | undefined;
    readonly merchantAccount: string | undefined;
    readonly hmacKey: string | undefined;
    readonly live: boolean;
  };
  readonly sandboxPaymentHmacKey: string | undefined;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Reads the registration settings and says what is missing for the adapters chosen: a real
 * adapter without its settings is refused at start-up (in any environment), a sandbox adapter
 * outside sandbox mode too, and production refuses an empty trust store and test endpoints.
 */
export function readRegistrationConfig(
  raw: RawConfig,
  adapters: { registry: string; payment: string; faceMatch: string },
  production: boolean,
): { config: RegistrationConfig; problems: string[] } {
  const config: RegistrationConfig = {
    price: { value: raw.REGISTRATION_PRICE, currency: raw.REGISTRATION_CURRENCY },
    orderLifetimeMs: raw.ORDER_LIFETIME * 1000,
    activationSecretValidityMs: raw.ACTIVATION_SECRET_VALIDITY * 1000,
    readerTokenTtlSeconds: raw.READER_TOKEN_TTL,
    readerMaxUploadBytes: raw.READER_MAX_UPLOAD_BYTES,
    cardholderNameCheck: raw.CARDHOLDER_NAME_CHECK,
    trustStore: {
      cscaFiles: list(raw.PASSPORT_CSCA_FILES),
      masterListFiles: list(raw.PASSPORT_MASTER_LIST_FILES),
      masterListSignerFiles: list(raw.PASSPORT_MASTER_LIST_SIGNER_FILES),
      crlFiles: list(raw.PASSPORT_CRL_FILES),
    },
    faceMatch: {
      jwksUrl: raw.FACE_MATCH_JWKS_URL,
      issuer: raw.FACE_MATCH_ISSUER,
      minScore: raw.FACE_MATCH_MIN_SCORE,
      maxAgeSeconds: raw.FACE_MATCH_MAX_AGE,
    },
    folkeregisteret: {
      baseUrl: raw.FREG_BASE_URL,
      maskinporten: {
        issuer: raw.MASKINPORTEN_ISSUER,
        tokenEndpoint: raw.MASKINPORTEN_TOKEN_ENDPOINT,
        clientId: raw.MASKINPORTEN_CLIENT_ID,
        keyId: raw.MASKINPORTEN_KEY_ID,
        keyFile: raw.MASKINPORTEN_KEY_FILE,
        scope: raw.MASKINPORTEN_SCOPE,
      },
    },
    adyen: {
      baseUrl: raw.ADYEN_BASE_URL,
      apiKey: raw.ADYEN_API_KEY,
      merchantAccount: raw.ADYEN_MERCHANT_ACCOUNT,
      hmacKey: raw.ADYEN_HMAC_KEY,
      live: raw.ADYEN_LIVE,
    },
    sandboxPaymentHmacKey: raw.SANDBOX_PAYMENT_HMAC_KEY,
  };
  const problems: string[] = [];
  const need = (names: Record<string, unknown>, why: string) => {
    for (const [name, value] of Object.entries(names))
      if (value === undefined) problems.push(`${name}: required ${why}`);
  };
  if (adapters.registry === 'real') {
    need(
      {
        FREG_BASE_URL: raw.FREG_BASE_URL,
        MASKINPORTEN_ISSUER: raw.MASKINPORTEN_ISSUER,
        MASKINPORTEN_TOKEN_ENDPOINT: raw.MASKINPORTEN_TOKEN_ENDPOINT,
        MASKINPORTEN_CLIENT_ID: raw.MASKINPORTEN_CLIENT_ID,
        MASKINPORTEN_KEY_ID: raw.MASKINPORTEN_KEY_ID,
        MASKINPORTEN_KEY_FILE: raw.MASKINPORTEN_KEY_FILE,
      },
      'by REGISTRY_ADAPTER=real (Folkeregisteret with Maskinporten)',
    );
  }
  if (adapters.payment === 'real') {
    need(
      {
        ADYEN_BASE_URL: raw.ADYEN_BASE_URL,
        ADYEN_API_KEY: raw.ADYEN_API_KEY,
        ADYEN_MERCHANT_ACCOUNT: raw.ADYEN_MERCHANT_ACCOUNT,
        ADYEN_HMAC_KEY: raw.ADYEN_HMAC_KEY,
      },
      'by PAYMENT_ADAPTER=real (Adyen Checkout)',
    );
    if (production && !raw.ADYEN_LIVE) problems.push('ADYEN_LIVE: production takes live payments only');
    if (production && raw.ADYEN_BASE_URL?.includes('checkout-test'))
      problems.push('ADYEN_BASE_URL: the Adyen test endpoint is refused in production');
  }
  if (adapters.faceMatch === 'real') {
    need(
      { FACE_MATCH_JWKS_URL: raw.FACE_MATCH_JWKS_URL, FACE_MATCH_ISSUER: raw.FACE_MATCH_ISSUER },
      'by FACE_MATCH_ADAPTER=real (the reader vendor signs face-match results)',
    );
  }
  // The sandbox adapters approve any payment, know only synthetic persons and trust a face-match
  // key made in this process: they belong to sandbox mode, in every environment. (With SANDBOX
  // unset, development and test run in sandbox mode, so `npm start` needs no configuration.)
  const sandbox = raw.SANDBOX ?? !production;
  if (!sandbox) {
    const names = {
      registry: 'REGISTRY_ADAPTER',
      payment: 'PAYMENT_ADAPTER',
      faceMatch: 'FACE_MATCH_ADAPTER',
    };
    for (const [port, variable] of Object.entries(names))
      if (adapters[port as keyof typeof adapters] === 'sandbox' && !production)
        problems.push(`${variable}: the sandbox adapter needs SANDBOX=true`);
  }
  if (production) {
    const t = config.trustStore;
    if (t.cscaFiles.length + t.masterListFiles.length === 0)
      problems.push('PASSPORT_CSCA_FILES: production needs CSCA certificates or master lists to trust');
    if (raw.SANDBOX_PAYMENT_HMAC_KEY)
      problems.push('SANDBOX_PAYMENT_HMAC_KEY: the sandbox payment provider is refused in production');
  }
  return { config, problems };
}
