import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, GOOGLE_ATTESTATION_STATUS_URL, type RawConfig } from './config-schema.js';
import { readRegistrationConfig, type RegistrationConfig } from './registration-config.js';

export type Locale = 'nb' | 'nn' | 'en' | 'se';
export type AdapterChoice = 'sandbox' | 'real';

export interface AdminCredential {
  readonly name: string;
  readonly role: 'admin' | 'support';
  /** `scrypt$salt$hash`, base64url; verified by the admin API. */
  readonly secretHash: string;
}

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  /** The operators' listener (admin API, /metrics); undefined: they share the public port. */
  readonly admin: { readonly port: number; readonly host: string } | undefined;
  readonly issuer: string;
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
  readonly signingKeys: string | undefined;
  readonly cookieKeys: readonly string[] | undefined;
  readonly pairwiseSalt: string | undefined;
  readonly dataDir: string;
  readonly clientsFile: string | undefined;
  readonly adminCredentials: readonly AdminCredential[];
  readonly dynamicRegistration: 'off' | 'open' | 'initial-access-token';
  readonly sandbox: boolean;
  readonly adapters: {
    readonly registry: AdapterChoice;
    readonly payment: AdapterChoice;
    readonly push: AdapterChoice;
    readonly faceMatch: AdapterChoice;
  };
  readonly locales: readonly Locale[];
  readonly defaultLocale: Locale;
  readonly amr: string;
  /** The mobile authenticator (issue 5). */
  readonly authenticator: {
    readonly requestTtlSeconds: number;
    readonly requestsPerMinute: number;
    readonly requestsPerHour: number;
    readonly cibaRequestsPerClientPerMinute: number;
    readonly fcmServiceAccountFile: string | undefined;
    readonly attestation: AdapterChoice;
    readonly attestationRootsFile: string | undefined;
    readonly attestationMinimum: 'none' | 'software' | 'hardware';
    /** Google's Android attestation status list (`off`: not used; refused in production). */
    readonly attestationStatus: { readonly url: string | 'off'; readonly maxAgeSeconds: number };
    /**
     * Apple App Attest for iOS enrolment (with `attestation: 'real'`). `undefined` when not
     * configured: iOS devices are then refused (`attestation.unsupported-format`).
     */
    readonly appAttest:
      | {
          readonly rootsFile: string;
          /** `TeamID.bundleId`. */
          readonly appIds: readonly string[];
          readonly environment: 'production' | 'development';
        }
      | undefined;
    readonly deviceCaCertFile: string | undefined;
    readonly deviceCaKeyFile: string | undefined;
  };
  readonly ttl: {
    readonly accessToken: number;
    readonly idToken: number;
    readonly authorizationCode: number;
    readonly refreshToken: number;
    readonly session: number;
    readonly interaction: number;
    readonly grant: number;
  };
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly shutdownGraceMs: number;
  readonly maxBodyBytes: number;
  /** Registration (issue 4): price, lifetimes, trust store, register, payment, face match. */
  readonly registration: RegistrationConfig;
  /** The demo relying party (sandbox only): registered as a client and started by `npm start`. */
  readonly demoRp: {
    readonly enabled: boolean;
    readonly port: number;
    readonly baseUrl: string;
    readonly backchannelLogoutUri: string;
    readonly keyFile: string;
  };
}

/** Start-up stops with this; its message names every variable that is wrong. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readConfigFile(path: string): Env {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([`CONFIG_FILE: cannot read ${path} (${(e as NodeJS.ErrnoException).code})`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  } catch {
    throw new ConfigError([`CONFIG_FILE: ${path} must be a JSON object of setting names to values`]);
  }
}

/**
 * Reads the settings once: an optional JSON file named by CONFIG_FILE, overridden by the
 * environment. Empty strings count as unset. The result is frozen.
 */
export function loadConfig(env: Env = process.env): Config {
  const fromFile = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE) : {};
  const merged: Env = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '(root)')}: ${i.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const production = raw.NODE_ENV === 'production';
  const sandbox = raw.SANDBOX ?? !production;
  const adapterDefault: AdapterChoice = sandbox ? 'sandbox' : 'real';

  const cookieKeys = raw.COOKIE_KEYS?.split(',').map((k) => k.trim());
  if (cookieKeys?.some((k) => k.length < 32))
    problems.push('COOKIE_KEYS: each key must be at least 32 characters');

  const adminCredentials = (raw.ADMIN_CREDENTIALS?.split(',') ?? []).map((entry) => {
    const [name, role, secretHash] = entry.split(':') as [string, 'admin' | 'support', string];
    return { name, role, secretHash };
  });

  const registration = readRegistrationConfig(
    raw,
    {
      registry: raw.REGISTRY_ADAPTER ?? adapterDefault,
      payment: raw.PAYMENT_ADAPTER ?? adapterDefault,
      faceMatch: raw.FACE_MATCH_ADAPTER ?? adapterDefault,
    },
    production,
  );
  const config: Config = {
    env: raw.NODE_ENV,
    port: raw.PORT,
    admin: raw.ADMIN_PORT === undefined ? undefined : { port: raw.ADMIN_PORT, host: raw.ADMIN_HOST },
    issuer: (raw.ISSUER ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
    redisUrl: raw.REDIS_URL,
    redisPrefix: raw.REDIS_PREFIX,
    signingKeys: raw.SIGNING_KEYS,
    cookieKeys,
    pairwiseSalt: raw.PAIRWISE_SALT,
    dataDir: raw.DATA_DIR,
    clientsFile: raw.CLIENTS_FILE,
    adminCredentials,
    dynamicRegistration: raw.DYNAMIC_REGISTRATION,
    sandbox,
    adapters: {
      registry: raw.REGISTRY_ADAPTER ?? adapterDefault,
      payment: raw.PAYMENT_ADAPTER ?? adapterDefault,
      push: raw.PUSH_ADAPTER ?? adapterDefault,
      faceMatch: raw.FACE_MATCH_ADAPTER ?? adapterDefault,
    },
    locales: raw.LOCALES,
    defaultLocale: raw.DEFAULT_LOCALE,
    amr: raw.AMR_VALUE,
    authenticator: {
      requestTtlSeconds: raw.AUTH_REQUEST_TTL,
      requestsPerMinute: raw.AUTH_REQUESTS_PER_MINUTE,
      requestsPerHour: raw.AUTH_REQUESTS_PER_HOUR,
      cibaRequestsPerClientPerMinute: raw.CIBA_REQUESTS_PER_CLIENT_PER_MINUTE,
      fcmServiceAccountFile: raw.FCM_SERVICE_ACCOUNT_FILE,
      attestation: raw.ATTESTATION_ADAPTER ?? adapterDefault,
      attestationRootsFile: raw.ATTESTATION_ROOTS_FILE,
      attestationMinimum: raw.ATTESTATION_MINIMUM ?? (sandbox ? 'none' : 'hardware'),
      attestationStatus: { url: raw.ATTESTATION_STATUS_URL, maxAgeSeconds: raw.ATTESTATION_STATUS_MAX_AGE },
      appAttest:
        raw.APP_ATTEST_ROOTS_FILE && raw.APP_ATTEST_APP_IDS
          ? {
              rootsFile: raw.APP_ATTEST_ROOTS_FILE,
              appIds: raw.APP_ATTEST_APP_IDS,
              // Production unless told: a development build is then refused, never let in by default.
              environment: raw.APP_ATTEST_ENVIRONMENT ?? 'production',
            }
          : undefined,
      deviceCaCertFile: raw.DEVICE_CA_CERT_FILE,
      deviceCaKeyFile: raw.DEVICE_CA_KEY_FILE,
    },
    ttl: {
      accessToken: raw.ACCESS_TOKEN_TTL,
      idToken: raw.ID_TOKEN_TTL,
      authorizationCode: raw.AUTHORIZATION_CODE_TTL,
      refreshToken: raw.REFRESH_TOKEN_TTL,
      session: raw.SESSION_TTL,
      interaction: raw.INTERACTION_TTL,
      grant: raw.GRANT_TTL,
    },
    trustProxy: raw.TRUST_PROXY,
    logLevel: raw.LOG_LEVEL,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    maxBodyBytes: raw.MAX_BODY_BYTES,
    registration: registration.config,
    demoRp: demoRpSettings(raw, sandbox),
  };

  problems.push(...registration.problems);
  problems.push(...appAttestProblems(raw));
  if (raw.ADMIN_PORT !== undefined && raw.ADMIN_PORT !== 0 && raw.ADMIN_PORT === raw.PORT)
    problems.push("ADMIN_PORT: must differ from PORT (the operators' listener is a separate one)");
  if (!config.locales.includes(config.defaultLocale)) {
    problems.push(
      `DEFAULT_LOCALE: ${config.defaultLocale} is not one of LOCALES (${config.locales.join(',')})`,
    );
  }
  if (production) problems.push(...productionRefusals(config));
  if (problems.length) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** What a production deployment must never run with; each names its variable. */
function productionRefusals(c: Config): string[] {
  const p: string[] = [];
  if (!c.issuer.startsWith('https://')) p.push('ISSUER: production needs an https issuer');
  if (!c.redisUrl)
    p.push('REDIS_URL: production needs Redis; the in-memory store is neither shared nor durable');
  if (!c.signingKeys)
    p.push('SIGNING_KEYS: production needs configured signing keys; generated keys are refused');
  if (!c.cookieKeys) p.push('COOKIE_KEYS: production needs cookie signing keys');
  if (!c.pairwiseSalt) p.push('PAIRWISE_SALT: production needs a fixed pairwise salt');
  if (c.sandbox) p.push('SANDBOX: sandbox mode (TestID login, demo client) is refused in production');
  if (c.dynamicRegistration === 'open') {
    p.push('DYNAMIC_REGISTRATION: open registration is refused in production; use initial-access-token');
  }
  if (c.authenticator.attestation === 'sandbox')
    p.push('ATTESTATION_ADAPTER: the sandbox attestation verifier is refused in production');
  // Level high needs the device key in secure hardware (TEE or StrongBox), proven by attestation:
  // a software keystore is as copyable as a file.
  if (c.authenticator.attestationMinimum !== 'hardware')
    p.push(
      `ATTESTATION_MINIMUM: level high needs hardware-backed device keys; ${c.authenticator.attestationMinimum} is refused in production`,
    );
  // The list is unsigned: only TLS to Google's host vouches for it, so production reads Google's.
  if (c.authenticator.attestationStatus.url !== GOOGLE_ATTESTATION_STATUS_URL)
    p.push(
      `ATTESTATION_STATUS_URL: production checks Android attestation keys against Google's list (${GOOGLE_ATTESTATION_STATUS_URL}); ${c.authenticator.attestationStatus.url === 'off' ? 'off' : 'another URL'} is refused`,
    );
  // Development App Attest keys come from Xcode-signed builds, which anyone on the team (or with
  // a leaked development profile) can make: production accepts App Store / TestFlight builds only.
  if (c.authenticator.appAttest?.environment === 'development')
    p.push(
      'APP_ATTEST_ENVIRONMENT: development App Attest keys (appattestdevelop) are refused in production',
    );
  for (const [name, choice] of Object.entries(c.adapters)) {
    if (choice === 'sandbox') {
      const variable = `${name.replace(/[A-Z]/g, (m) => `_${m}`).toUpperCase()}_ADAPTER`;
      p.push(`${variable}: the sandbox adapter is refused in production`);
    }
  }
  return p;
}

/**
 * App Attest needs its root and its App IDs together; one without the other is a half-done
 * deployment that would silently keep refusing every iPhone, so it stops start-up (anywhere).
 */
function appAttestProblems(raw: RawConfig): string[] {
  const p: string[] = [];
  if (raw.APP_ATTEST_ROOTS_FILE && !raw.APP_ATTEST_APP_IDS)
    p.push('APP_ATTEST_APP_IDS: APP_ATTEST_ROOTS_FILE needs the App IDs (TeamID.bundleId) to accept');
  if (raw.APP_ATTEST_APP_IDS && !raw.APP_ATTEST_ROOTS_FILE)
    p.push('APP_ATTEST_ROOTS_FILE: APP_ATTEST_APP_IDS needs the Apple App Attestation Root CA (PEM)');
  if (raw.APP_ATTEST_ENVIRONMENT && !(raw.APP_ATTEST_ROOTS_FILE && raw.APP_ATTEST_APP_IDS))
    p.push('APP_ATTEST_ENVIRONMENT: set only with APP_ATTEST_ROOTS_FILE and APP_ATTEST_APP_IDS');
  return p;
}

function demoRpSettings(raw: RawConfig, sandbox: boolean): Config['demoRp'] {
  const baseUrl = (raw.DEMO_RP_BASE_URL ?? `http://localhost:${raw.DEMO_RP_PORT}`).replace(/\/$/, '');
  return {
    enabled: sandbox && raw.DEMO_RP,
    port: raw.DEMO_RP_PORT,
    baseUrl,
    backchannelLogoutUri: `${(raw.DEMO_RP_INTERNAL_URL ?? baseUrl).replace(/\/$/, '')}/backchannel-logout`,
    keyFile: raw.DEMO_RP_KEY_FILE ?? join(raw.DATA_DIR, 'demo-rp-key.jwks.json'),
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
