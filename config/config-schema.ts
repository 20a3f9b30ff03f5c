import { z } from 'zod';

/**
 * Every setting the server reads, in one schema. Keys are the environment variable names so that
 * a validation message names exactly what the operator has to change.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const seconds = z.coerce.number().int().positive();

/**
 * Google's Android attestation status list (developer.android.com, "Certificate revocation status
 * list"). The same value as in src/device/attestation/create-attestation-status-list.ts (config
 * imports nothing from src).
 */
export const GOOGLE_ATTESTATION_STATUS_URL = 'https://android.googleapis.com/attestation/status';
const adapterChoice = z.enum(['sandbox', 'real']);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Operators' listener: when set, the admin API and /metrics are served only here (and on the
   * public PORT answer 404). Unset: everything on PORT (development; production warns).
   */
  ADMIN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Address the operators' listener binds to; default loopback (0.0.0.0 in containers). */
  ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
  ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** redis://, rediss:// (TLS). Unset → embedded in-memory store (development only). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix for every key this deployment writes, so several deployments can share a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits and dashes, at most 32')
    .default('eid'),
  /** A JWKS file with private keys, or comma-separated PEM files. First key of an alg signs. */
  SIGNING_KEYS: z.string().min(1).optional(),
  /** Comma-separated secrets (each at least 32 characters) for signed cookies; first one signs. */
  COOKIE_KEYS: z.string().min(1).optional(),
  /** Secret salt for pairwise subject identifiers; changing it changes every `sub`. */
  PAIRWISE_SALT: z.string().min(32, 'at least 32 characters').optional(),
  /** Where generated development keys are kept (git-ignored). */
  DATA_DIR: z.string().min(1).default('data'),
  /** JSON file with an array of client registrations. */
  CLIENTS_FILE: z.string().min(1).optional(),
  /** Comma-separated `name:role:scrypt$salt$hash` entries for the admin API (roles admin|support). */
  ADMIN_CREDENTIALS: z
    .string()
    .regex(
      /^([A-Za-z0-9._-]+:(admin|support):scrypt\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43})(,[A-Za-z0-9._-]+:(admin|support):scrypt\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43})*$/,
      'comma-separated name:role:scrypt$salt$hash (role admin or support; salt 16 and hash 32 bytes, base64url, from `npm run admin -- hash-secret`)',
    )
    .optional(),
  /** RFC 7591 dynamic client registration: off, open to anyone, or with an initial access token. */
  DYNAMIC_REGISTRATION: z.enum(['off', 'open', 'initial-access-token']).default('off'),
  /** Sandbox mode: TestID login, the demo client and sandbox adapters. Refused in production. */
  SANDBOX: bool.optional(),
  REGISTRY_ADAPTER: adapterChoice.optional(),
  PAYMENT_ADAPTER: adapterChoice.optional(),
  PUSH_ADAPTER: adapterChoice.optional(),
  FACE_MATCH_ADAPTER: adapterChoice.optional(),
  LOCALES: z
    .string()
    .default('nb,nn,en,se')
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(['nb', 'nn', 'en', 'se'])).min(1)),
  DEFAULT_LOCALE: z.enum(['nb', 'nn', 'en', 'se']).default('nb'),
  /** The `amr` value issued for the authenticator app login. */
  AMR_VALUE: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .default('Passport-App'),
  /** Authenticator: how long a push login request waits for the app (seconds). */
  AUTH_REQUEST_TTL: seconds.max(600).default(120),
  /** Authenticator: push requests per person per minute (push-bombing protection). */
  AUTH_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(60).default(5),
  /** Authenticator: push requests per person per hour (push-bombing protection, on top of the minute). */
  AUTH_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(20),
  /** Authenticator: CIBA backchannel requests per client per minute (each may push to a phone). */
  CIBA_REQUESTS_PER_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(60),
  /** Authenticator: FCM service account JSON key file (PUSH_ADAPTER=real). */
  FCM_SERVICE_ACCOUNT_FILE: z.string().min(1).optional(),
  /** Authenticator: device key attestation verifier (real = Android Key Attestation, and Apple App Attest when configured). */
  ATTESTATION_ADAPTER: adapterChoice.optional(),
  /** Authenticator: PEM file with the accepted attestation roots (ATTESTATION_ADAPTER=real). */
  ATTESTATION_ROOTS_FILE: z.string().min(1).optional(),
  /** Authenticator: lowest device key attestation level for level high (default: sandbox none, else hardware). */
  ATTESTATION_MINIMUM: z.enum(['none', 'software', 'hardware']).optional(),
  /**
   * Authenticator: Google's Android attestation status list (revoked attestation keys), fetched
   * with ATTESTATION_ADAPTER=real. `off` skips it; production accepts Google's URL only.
   */
  ATTESTATION_STATUS_URL: z
    .union([z.literal('off'), z.url({ protocol: /^https?$/ })])
    .default(GOOGLE_ATTESTATION_STATUS_URL),
  /** Authenticator: Android enrolments are refused while the status list is older than this (seconds). */
  ATTESTATION_STATUS_MAX_AGE: seconds
    .min(3600)
    .max(7 * 86400)
    .default(86400),
  /** Authenticator: PEM file with the Apple App Attestation Root CA (iOS enrolment; unset → iOS refused). */
  APP_ATTEST_ROOTS_FILE: z.string().min(1).optional(),
  /**
   * Authenticator: comma-separated App IDs (`TeamID.bundleId`) whose App Attest keys are accepted.
   * Same rule as `APP_ID` in src/device/attestation/apple-app-attest-trust.ts (config imports no src).
   */
  APP_ATTEST_APP_IDS: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^[A-Z0-9]{10}\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/,
              'comma-separated TeamID.bundleId (10 upper-case letters or digits, a dot, the bundle id)',
            ),
        )
        .min(1),
    )
    .optional(),
  /** Authenticator: App Attest environment of the app (its entitlement); production refuses development. */
  APP_ATTEST_ENVIRONMENT: z.enum(['production', 'development']).optional(),
  /** Authenticator: issuing CA for device certificates (PEM files); unset → generated (sandbox only). */
  DEVICE_CA_CERT_FILE: z.string().min(1).optional(),
  DEVICE_CA_KEY_FILE: z.string().min(1).optional(),
  ACCESS_TOKEN_TTL: seconds.default(600),
  ID_TOKEN_TTL: seconds.default(600),
  AUTHORIZATION_CODE_TTL: seconds.max(600).default(60),
  REFRESH_TOKEN_TTL: seconds.default(14 * 24 * 3600),
  SESSION_TTL: seconds.default(2 * 3600),
  INTERACTION_TTL: seconds.default(3600),
  GRANT_TTL: seconds.default(14 * 24 * 3600),
  /** Trust X-Forwarded-* from a reverse proxy in front (true only behind one). */
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long shutdown waits for in-flight requests before closing anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  // --- registration (issue 4) ---
  /** Price of a registration in minor units (øre for NOK), and its currency. */
  REGISTRATION_PRICE: z.coerce.number().int().positive().default(29900),
  REGISTRATION_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('NOK'),
  /** How long an order may take from identity number to payment, seconds. */
  ORDER_LIFETIME: seconds.default(24 * 3600),
  /** How long the activation secret on the receipt stays valid, seconds. */
  ACTIVATION_SECRET_VALIDITY: seconds.default(30 * 24 * 3600),
  /** How long the QR code's one-time reader token is usable, seconds. */
  READER_TOKEN_TTL: seconds.default(15 * 60),
  /** Largest reader-app upload (base64 JSON of EF.SOD and the data groups), bytes. */
  READER_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  /** The weakest issuer verdict on the cardholder name that still accepts a payment. */
  CARDHOLDER_NAME_CHECK: z.enum(['match', 'partial', 'unavailable']).default('unavailable'),
  /** Comma-separated CSCA certificate files (DER/PEM), master lists, their signer certificates, CRLs. */
  PASSPORT_CSCA_FILES: z.string().min(1).optional(),
  PASSPORT_MASTER_LIST_FILES: z.string().min(1).optional(),
  PASSPORT_MASTER_LIST_SIGNER_FILES: z.string().min(1).optional(),
  PASSPORT_CRL_FILES: z.string().min(1).optional(),
  /** Face-match vendor: JWKS URL, issuer (`iss`), lowest accepted score and largest result age. */
  FACE_MATCH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  FACE_MATCH_ISSUER: z.string().min(1).optional(),
  FACE_MATCH_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.8),
  FACE_MATCH_MAX_AGE: seconds.default(300),
  /** Folkeregisteret and the Maskinporten client that gets its access tokens. */
  FREG_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  MASKINPORTEN_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  MASKINPORTEN_TOKEN_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  MASKINPORTEN_CLIENT_ID: z.string().min(1).optional(),
  MASKINPORTEN_KEY_ID: z.string().min(1).optional(),
  /** PKCS#8 PEM file with the RSA key registered on the Maskinporten client. */
  MASKINPORTEN_KEY_FILE: z.string().min(1).optional(),
  MASKINPORTEN_SCOPE: z.string().min(1).default('folkeregister:deling/offentligmedhjemmel'),
  /** Adyen Checkout (payment links, refunds) and its webhook HMAC key (hex). */
  ADYEN_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ADYEN_API_KEY: z.string().min(1).optional(),
  ADYEN_MERCHANT_ACCOUNT: z.string().min(1).optional(),
  ADYEN_HMAC_KEY: z.string().min(1).optional(),
  ADYEN_LIVE: bool.default(false),
  /** Sandbox payment provider's webhook HMAC key (hex); unset → derived from the pairwise salt. */
  SANDBOX_PAYMENT_HMAC_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{2}){16,}$/, 'hex, at least 16 bytes')
    .optional(),
  // --- end registration ---
  /** Request body limit for every form and JSON endpoint (bytes). */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Sandbox only: `npm start` also starts the demo relying party (src/demo-rp) unless false. */
  DEMO_RP: bool.default(true),
  DEMO_RP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** The demo RP's public address (its redirect URIs); default http://localhost:DEMO_RP_PORT. */
  DEMO_RP_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where the provider POSTs back-channel logout, when it reaches the demo RP at another address. */
  DEMO_RP_INTERNAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The demo RP's private key (JWKS file); generated once when absent. Default DATA_DIR/demo-rp-key.jwks.json. */
  DEMO_RP_KEY_FILE: z.string().min(1).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
