import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import type { Redis } from 'ioredis';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../../config/load-config.js';
import type { AccountStore } from '../oidc/account-store.js';
import type { EidStore } from '../eid/eid-store.js';
import type { AuditLog } from '../shared/audit-log.js';
import type { Clock } from '../shared/clock.js';
import type { RenderPage } from '../shared/page-renderer.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import type { Result } from '../shared/result.js';
import { createAppApiRouter } from './app/app-api-routes.js';
import { createDeviceCaRouter } from './app/device-ca-routes.js';
import { createDeviceCertificateIssuer } from './app/device-certificate-issuer.js';
import { createDeviceStore } from './app/create-device-store.js';
import { createRedisDeviceRecords } from './app/create-redis-device-records.js';
import { createRedisSingleUseStore } from './app/create-redis-single-use-store.js';
import type { DeviceStore } from './app/device-store.js';
import { createKeyAttestationVerifier } from './attestation/create-key-attestation-verifier.js';
import { createSandboxKeyAttestationVerifier } from './attestation/create-sandbox-key-attestation-verifier.js';
import type { AttestationStatusList } from './attestation/attestation-status-list.js';
import { createAttestationStatusList } from './attestation/create-attestation-status-list.js';
import { requireFreshStatusList } from './attestation/require-fresh-status-list.js';
import type { KeyAttestationVerifier } from './attestation/key-attestation-verifier.js';
import { createCrlPublisher } from './certificate/create-crl-publisher.js';
import { createRedisDeviceCertificateRegistry } from './certificate/create-redis-device-certificate-registry.js';
import type { IssuingCa } from './certificate/issuing-ca.js';
import { loadIssuingCa } from './certificate/load-issuing-ca.js';
import { loadSharedSandboxIssuingCa } from './certificate/load-shared-sandbox-issuing-ca.js';
import type { AuthRequest } from './login/auth-request.js';
import type { AuthRequestStore } from './login/auth-request-store.js';
import { createCibaFeature, type CibaFeature } from './login/create-ciba-feature.js';
import { createRedisAuthRequestStore } from './login/create-redis-auth-request-store.js';
import { createRequestSignals } from './login/request-signals.js';
import {
  startAuthRequest,
  type StartAuthRequestError,
  type StartAuthRequestInput,
} from './login/start-auth-request.js';
import { createFcmPushNotifier } from './push/create-fcm-push-notifier.js';
import { createSandboxPushNotifier } from './push/create-sandbox-push-notifier.js';
import type { PushNotifier } from './push/push-notifier.js';
import { createDeviceStaticRouter } from './device-static-routes.js';
import { createSandboxPhoneRouter } from './sandbox-phone-routes.js';

/** What the rest of the app uses of the mobile authenticator. */
export interface Authenticator {
  /** Support tools (issue 6): a person's devices, block / unblock / remove. */
  readonly devices: DeviceStore;
  readonly requests: AuthRequestStore;
  /** The issuing CA (a promise: the shared sandbox CA is read from the store). */
  readonly ca: Promise<IssuingCa>;
  readonly push: PushNotifier;
  /** Starts a push approval request (the browser login and CIBA). */
  start(input: StartAuthRequestInput): Promise<Result<AuthRequest, StartAuthRequestError>>;
  /** Copies the eID record's names and birth date into the account the claims come from. */
  refreshProfile(pid: string, locale?: Config['defaultLocale']): Promise<void>;
  readonly ciba: Omit<CibaFeature, 'complete'>;
  /** Call once the provider exists (CIBA results go through it). */
  attachProvider(provider: Provider): void;
  readonly apiRouters: Router[];
  readonly pageRouters: Router[];
  /** Google's Android attestation status list, when the real verifier uses it (else undefined). */
  readonly attestationStatus: AttestationStatusList | undefined;
  /** Stops background work (the attestation status list's refresh). */
  close(): Promise<void>;
}

/**
 * Android Key Attestation, plus Apple App Attest when APP_ATTEST_* is configured (without it iOS
 * keys are refused). Unreadable or unusable root files stop start-up naming their variable.
 */
function createRealAttestationVerifier(
  a: Config['authenticator'],
  clock: Clock,
  logger: Logger,
  production: boolean,
): { verifier: KeyAttestationVerifier; statusList?: AttestationStatusList } {
  const read = (variable: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      throw new ConfigError([`${variable}: cannot read ${path} (${(e as NodeJS.ErrnoException).code})`]);
    }
  };
  // Google's revocation list: fetched in the background once the verifier is built (not awaited,
  // so start-up does not hang on Google); Android enrolments are refused until the first fetch
  // lands and whenever the list is older than ATTESTATION_STATUS_MAX_AGE.
  const statusList =
    a.attestationStatus.url === 'off'
      ? undefined
      : createAttestationStatusList({
          url: a.attestationStatus.url,
          maxAgeMs: a.attestationStatus.maxAgeSeconds * 1000,
          clock,
          logger: logger.child({ module: 'attestation-status' }),
        });
  const android = {
    trustedRoots: [read('ATTESTATION_ROOTS_FILE', a.attestationRootsFile!)],
    minimumLevel: a.attestationMinimum === 'none' ? ('software' as const) : a.attestationMinimum,
    ...(statusList ? { revokedSerials: statusList.revokedSerials } : {}),
  };
  const apple = a.appAttest && {
    trustedRoots: [read('APP_ATTEST_ROOTS_FILE', a.appAttest.rootsFile)],
    appIds: a.appAttest.appIds,
    environment: a.appAttest.environment,
    requireAppleRootName: production,
  };
  try {
    const verifier = createKeyAttestationVerifier({ android, ...(apple ? { apple } : {}) }, clock);
    void statusList?.start();
    return statusList ? { verifier: requireFreshStatusList(verifier, statusList), statusList } : { verifier };
  } catch (e) {
    // Both root sets are read here; the message says which one is unusable.
    const variable = /App Attest/.test((e as Error).message)
      ? 'APP_ATTEST_ROOTS_FILE'
      : 'ATTESTATION_ROOTS_FILE';
    throw new ConfigError([`${variable}: ${(e as Error).message}`]);
  }
}

/**
 * Builds the authenticator from configuration: the only place its adapters are chosen
 * (push: FCM or sandbox; attestation: Android Key Attestation and Apple App Attest, or sandbox;
 * issuing CA: files or generated). Production must configure the real ones; start-up stops with
 * a message naming the variable otherwise.
 */
export function createAuthenticator(deps: {
  config: Config;
  redis: Redis;
  keySecret: string;
  eids: EidStore;
  accounts: AccountStore;
  audit: AuditLog;
  limiter: RateLimiter;
  clock: Clock;
  logger: Logger;
  renderPage: RenderPage;
}): Authenticator {
  const { config, redis, clock } = deps;
  const a = config.authenticator;
  const production = config.env === 'production';
  const problems: string[] = [];

  let ca: Promise<IssuingCa>;
  if (a.deviceCaCertFile && a.deviceCaKeyFile) {
    const loaded = loadIssuingCa({
      certPem: readFileSync(a.deviceCaCertFile, 'utf8'),
      keyPem: readFileSync(a.deviceCaKeyFile, 'utf8'),
      clock,
    });
    if (!loaded.ok) throw new ConfigError([`DEVICE_CA_CERT_FILE: ${loaded.code}: ${loaded.detail}`]);
    ca = Promise.resolve(loaded.value);
  } else {
    if (production)
      problems.push('DEVICE_CA_CERT_FILE: production needs the issuing CA (and DEVICE_CA_KEY_FILE)');
    // One CA for every instance on this store (else a certificate from one instance would not
    // chain to the CA certificate another one serves).
    ca = loadSharedSandboxIssuingCa(redis, { prefix: config.redisPrefix, clock });
    ca.catch((e: unknown) =>
      deps.logger.error({ event: 'device-ca.load-failed', message: (e as Error).message }, 'sandbox CA'),
    );
  }

  let push: PushNotifier;
  if (config.adapters.push === 'real') {
    if (!a.fcmServiceAccountFile)
      problems.push('FCM_SERVICE_ACCOUNT_FILE: PUSH_ADAPTER=real needs the service account key');
    push = a.fcmServiceAccountFile
      ? createFcmPushNotifier({ serviceAccount: readFileSync(a.fcmServiceAccountFile, 'utf8') }, clock)
      : createSandboxPushNotifier(clock);
  } else {
    push = createSandboxPushNotifier(clock);
  }

  if (a.attestation === 'real' && !a.attestationRootsFile)
    problems.push('ATTESTATION_ROOTS_FILE: ATTESTATION_ADAPTER=real needs the trusted roots');
  if (problems.length) throw new ConfigError(problems);
  const { verifier, statusList } =
    a.attestation === 'real'
      ? createRealAttestationVerifier(a, clock, deps.logger, production)
      : { verifier: createSandboxKeyAttestationVerifier(), statusList: undefined };

  const prefix = config.redisPrefix;
  const records = createRedisDeviceRecords(redis, { prefix, keySecret: deps.keySecret });
  const requests = createRedisAuthRequestStore(redis, { prefix, keySecret: deps.keySecret, clock });
  const once = createRedisSingleUseStore(redis, { prefix, keySecret: deps.keySecret });
  const registry = createRedisDeviceCertificateRegistry(redis, prefix);
  const certificates = createDeviceCertificateIssuer({ ca, registry, issuer: config.issuer, clock });
  const crl = createCrlPublisher({ registry, ca, clock });
  const signals = createRequestSignals();

  const devices = createDeviceStore({
    records,
    registry,
    certificates,
    eids: deps.eids,
    audit: deps.audit,
    clock,
    onDisabled: async () => crl.invalidate(),
  });

  const start = (input: StartAuthRequestInput) =>
    startAuthRequest(
      {
        eids: deps.eids,
        records,
        requests,
        limiter: deps.limiter,
        push,
        signals,
        clock,
        ttlSeconds: a.requestTtlSeconds,
        perMinute: a.requestsPerMinute,
        perHour: a.requestsPerHour,
        audit: deps.audit,
        onWakeFailure: (code) => deps.logger.warn({ event: 'push.failed', code }, 'push wake failed'),
      },
      input,
    );

  const refreshProfile = async (pid: string, locale?: Config['defaultLocale']) => {
    const eid = await deps.eids.get(pid);
    await deps.accounts.update(pid, {
      ...(locale ? { locale } : {}),
      ...(eid ? { givenName: eid.givenName, familyName: eid.familyName, birthDate: eid.birthDate } : {}),
    });
  };

  let provider: Provider | undefined;
  const ciba = createCibaFeature({
    start,
    sandbox: config.sandbox,
    amr: [config.amr],
    onApproved: (pid) => refreshProfile(pid),
    markCompleted: async (r) => {
      await requests.transition(r.id, 'approved', 'completed');
    },
    nowSeconds: () => Math.floor(clock.now().getTime() / 1000),
    limiter: deps.limiter,
    perClientPerMinute: a.cibaRequestsPerClientPerMinute,
  });

  const api = createAppApiRouter({
    enroll: {
      eids: deps.eids,
      records,
      verifier,
      once,
      limiter: deps.limiter,
      audit: deps.audit,
      clock,
      minimumLevel: a.attestationMinimum,
      syntheticIdentityNumbers: config.sandbox ? 'allow' : 'deny',
      pendingMinutes: 30,
    },
    respond: {
      records,
      requests,
      eids: deps.eids,
      certificates,
      audit: deps.audit,
      once,
      clock,
      devices,
      onAnswered: async (request, approved) => {
        if (request.kind === 'ciba' && provider) await ciba.complete(provider, request, approved);
      },
    },
    records,
    devices,
    requests,
    signals,
    once,
    clock,
    limiter: deps.limiter,
    maxBodyBytes: config.maxBodyBytes,
  });

  const pageRouters = [createDeviceStaticRouter({ sandbox: config.sandbox })];
  if (config.sandbox) pageRouters.push(createSandboxPhoneRouter({ config, renderPage: deps.renderPage }));

  return {
    devices,
    requests,
    ca,
    push,
    start,
    refreshProfile,
    ciba,
    attachProvider(p) {
      provider = p;
    },
    apiRouters: [api, createDeviceCaRouter({ ca, crl })],
    pageRouters,
    attestationStatus: statusList,
    async close() {
      await statusList?.stop();
    },
  };
}
