import { z } from 'zod';

/**
 * Every setting the server reads, in one schema. Keys are the environment variable names so that
 * a validation message names exactly what the operator has to change.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const seconds = z.coerce.number().int().positive();
const adapterChoice = z.enum(['sandbox', 'real']);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
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
  /** Request body limit for every form and JSON endpoint (bytes). */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
});

export type RawConfig = z.infer<typeof configSchema>;
