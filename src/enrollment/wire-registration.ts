import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import type { Redis } from 'ioredis';
import { createRemoteJWKSet } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.js';
import type { EidStore } from '../eid/eid-store.js';
import { createJwsFaceMatchVerifier } from '../facematch/create-jws-face-match-verifier.js';
import { createRedisSeenResults } from '../facematch/redis-seen-results.js';
import { createSandboxFaceMatchVendor } from '../facematch/sandbox-face-match-vendor.js';
import { createAaChallengeIssuer } from '../passport/aa-challenge-issuer.js';
import { createFileTrustStore } from '../passport/create-file-trust-store.js';
import { createStaticTrustStore } from '../passport/create-static-trust-store.js';
import { defaultVerificationPolicy } from '../passport/default-verification-policy.js';
import type { TrustStore } from '../passport/trust-store.js';
import { createAdyenPaymentProvider } from '../payment/create-adyen-payment-provider.js';
import { createRedisSeenNotificationStore } from '../payment/create-redis-seen-notification-store.js';
import { createSandboxPaymentProvider } from '../payment/create-sandbox-payment-provider.js';
import type { Money, PaymentProvider } from '../payment/payment-provider.js';
import type { OrderStore } from './order-store.js';
import { createFolkeregisteretRegister } from '../registry/create-folkeregisteret-register.js';
import { createSandboxRegister } from '../registry/create-sandbox-register.js';
import type { AuditLog } from '../shared/audit-log.js';
import type { Clock } from '../shared/clock.js';
import type { RenderPage } from '../shared/page-renderer.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { cardholderMatchesPassport } from './cardholder-matches-passport.js';
import { createRedisOrderStore } from './create-redis-order-store.js';
import { createRedisOrderVault } from './create-redis-order-vault.js';
import { createRedisReaderSessions } from './create-redis-reader-sessions.js';
import { createRedisOwedRefunds } from './create-redis-owed-refunds.js';
import type { OwedRefunds } from './owed-refunds.js';
import { retryOwedRefunds } from './retry-owed-refunds.js';
import { refundOrderPayment } from './refund-order-payment.js';
import type { RefundPayment } from '../admin/cancel-order-for-support.js';
import { createRegistration } from './create-registration.js';
import { createPaymentWebhookRouter } from './payment-webhook-routes.js';
import { createReaderApiRouter } from './reader-api-routes.js';
import { createRedisAaChallengeStore } from './redis-aa-challenge-store.js';
import { createRegistrationPageRouter } from './registration-page-routes.js';
import { createSandboxPassportOffice } from './sandbox-passport-office.js';
import { createSandboxPaymentRouter } from './sandbox-payment-routes.js';
import { createSandboxReaderRouter } from './sandbox-reader-routes.js';

const REFUND_JOB_INTERVAL_MS = 60_000;

/**
 * Builds the registration from config (the adapters of each port) and returns its routers, for
 * the registration region of src/app.ts. Sandbox pieces (passport office, face-match vendor,
 * payment page, reader page) exist only in sandbox mode.
 */
export function wireRegistration(deps: {
  config: Config;
  redis: Redis;
  logger: Logger;
  renderPage: RenderPage;
  eids: EidStore;
  audit: AuditLog;
  limiter: RateLimiter;
  secrets: { cookieKeys: readonly string[]; pairwiseSalt: string };
  clock: Clock;
}): {
  pageRouters: Router[];
  apiRouters: Router[];
  /** For the support tools (issue 6): orders, the payment provider for refunds, the price. */
  support: { orders: OrderStore; refund: RefundPayment; price: Money };
  /** Refunds still owed (for the metric operators alert on). */
  owedRefunds: OwedRefunds;
  /** Stops the refund job (waits for a run in progress). */
  stop(): Promise<void>;
} {
  const { config, redis, clock } = deps;
  const r = config.registration;
  const prefix = config.redisPrefix;
  const csrfKey = deps.secrets.cookieKeys[0]!;
  const log = deps.logger.child({ module: 'registration' });
  const mac = (label: string, value: string) =>
    createHmac('sha256', deps.secrets.pairwiseSalt).update(`${label}\0${value}`).digest('base64url');

  const office = config.sandbox ? createSandboxPassportOffice(clock.now()) : undefined;
  const files = createFileTrustStore({
    cscaFiles: r.trustStore.cscaFiles,
    masterListFiles: r.trustStore.masterListFiles,
    masterListSignerFiles: r.trustStore.masterListSignerFiles,
    crlFiles: r.trustStore.crlFiles,
    refuseTestCscas: !config.sandbox,
  });
  const trustStore: TrustStore = office
    ? unionTrustStore(createStaticTrustStore(office.cscas), files)
    : files;
  // Production keeps the default policy, which refuses test CSCAs; the sandbox trusts its own.
  const policy = config.sandbox
    ? { ...defaultVerificationPolicy, refuseTestCscas: false }
    : defaultVerificationPolicy;

  const vendor =
    config.adapters.faceMatch === 'sandbox' ? createSandboxFaceMatchVendor(config.issuer) : undefined;
  const faceMatch = createJwsFaceMatchVerifier({
    keys: vendor ? vendor.keys : createRemoteJWKSet(new URL(r.faceMatch.jwksUrl!)),
    issuer: vendor ? vendor.issuer : r.faceMatch.issuer!,
    audience: config.issuer,
    policy: { minScore: r.faceMatch.minScore, maxAgeSeconds: r.faceMatch.maxAgeSeconds },
    seen: createRedisSeenResults(redis, prefix),
    clock,
  });

  const register =
    config.adapters.registry === 'sandbox'
      ? createSandboxRegister()
      : createFolkeregisteretRegister({
          baseUrl: r.folkeregisteret.baseUrl!,
          maskinporten: {
            issuer: r.folkeregisteret.maskinporten.issuer!,
            tokenEndpoint: r.folkeregisteret.maskinporten.tokenEndpoint!,
            clientId: r.folkeregisteret.maskinporten.clientId!,
            keyId: r.folkeregisteret.maskinporten.keyId!,
            privateKey: readFileSync(r.folkeregisteret.maskinporten.keyFile!, 'utf8'),
            scope: r.folkeregisteret.maskinporten.scope,
          },
          clock,
          logger: log,
        });

  const seen = createRedisSeenNotificationStore(redis, { prefix: `${prefix}:payment:seen:` });
  const sandboxPayments =
    config.adapters.payment === 'sandbox'
      ? createSandboxPaymentProvider(
          {
            pageBaseUrl: `${config.issuer}/sandbox/pay/`,
            hmacKey:
              r.sandboxPaymentHmacKey ??
              createHmac('sha256', deps.secrets.pairwiseSalt).update('sandbox-payment-hmac').digest('hex'),
            currency: r.price.currency,
          },
          {
            seen,
            clock,
            // The issuer's verdict in the sandbox is our own ICAO rule (docs/payment.md).
            nameMatcher: (holder, card) =>
              cardholderMatchesPassport(card, {
                primaryIdentifier: holder.surname,
                secondaryIdentifier: holder.givenNames,
              }).ok
                ? 'match'
                : 'no-match',
          },
        )
      : undefined;
  const payments: PaymentProvider =
    sandboxPayments ??
    createAdyenPaymentProvider(
      {
        baseUrl: r.adyen.baseUrl!,
        apiKey: r.adyen.apiKey!,
        merchantAccount: r.adyen.merchantAccount!,
        hmacKey: r.adyen.hmacKey!,
        currency: r.price.currency,
        live: r.adyen.live,
      },
      { seen, clock },
    );

  const orders = createRedisOrderStore(redis, { prefix, clock, keySecret: deps.secrets.pairwiseSalt });
  const owedRefunds = createRedisOwedRefunds(redis, prefix);
  const registration = createRegistration({
    orders,
    vault: createRedisOrderVault(redis, { prefix, secret: deps.secrets.pairwiseSalt }),
    readers: createRedisReaderSessions(redis, prefix),
    aa: createAaChallengeIssuer({ store: createRedisAaChallengeStore(redis, prefix), clock }),
    trustStore,
    policy,
    faceMatch,
    register,
    payments,
    owedRefunds,
    eids: deps.eids,
    audit: deps.audit,
    limiter: deps.limiter,
    clock,
    log,
    syntheticNumbers: config.sandbox ? 'only' : 'deny',
    personRef: (pid) => `p:${mac('person-ref', pid)}`,
    settings: {
      price: r.price,
      orderLifetimeMs: r.orderLifetimeMs,
      activationSecretValidityMs: r.activationSecretValidityMs,
      readerTokenTtlSeconds: r.readerTokenTtlSeconds,
      cardholderNameCheck: r.cardholderNameCheck,
    },
  });

  const pageRouters: Router[] = [
    createRegistrationPageRouter({ registration, config, renderPage: deps.renderPage, csrfKey }),
  ];
  // Both sandbox pages only in sandbox mode, whatever the adapters say (config refuses sandbox
  // adapters outside it too): /sandbox/pay approves any payment.
  if (config.sandbox && office && vendor)
    pageRouters.push(
      createSandboxReaderRouter({
        registration,
        config,
        renderPage: deps.renderPage,
        csrfKey,
        office,
        vendor,
      }),
    );
  if (config.sandbox && sandboxPayments)
    pageRouters.push(
      createSandboxPaymentRouter({
        registration,
        payments: sandboxPayments,
        config,
        renderPage: deps.renderPage,
        csrfKey,
      }),
    );
  const apiRouters: Router[] = [
    createReaderApiRouter({
      registration,
      maxBodyBytes: config.maxBodyBytes,
      maxUploadBytes: r.readerMaxUploadBytes,
    }),
    createPaymentWebhookRouter({ registration }),
  ];
  // Owed refunds are asked again every minute (claiming is atomic, so every instance may run it);
  // a run still going (a slow PSP) is not overlapped by the next.
  const refundJob = { payments, audit: deps.audit, log, owedRefunds, clock };
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= retryOwedRefunds(refundJob)
      .catch((e: unknown) =>
        log.warn({ event: 'payment.refund-job-failed', message: (e as Error).message }, 'refund job failed'),
      )
      .finally(() => (running = undefined));
  }, REFUND_JOB_INTERVAL_MS);
  timer.unref();
  return {
    pageRouters,
    apiRouters,
    support: { orders, price: r.price, refund: (input) => refundOrderPayment(refundJob, input) },
    owedRefunds,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** The sandbox's own CSCAs plus any configured files (tests add the PKI they make chips with). */
function unionTrustStore(a: TrustStore, b: TrustStore): TrustStore {
  return {
    findIssuerCandidates: (c) => [...a.findIssuerCandidates(c), ...b.findIssuerCandidates(c)],
    crlsFor: (c) => [...a.crlsFor(c), ...b.crlsFor(c)],
    certificates: () => [...a.certificates(), ...b.certificates()],
    summary: (at) => {
      const x = a.summary(at);
      const y = b.summary(at);
      return {
        ...x,
        certificateCount: x.certificateCount + y.certificateCount,
        sources: [...x.sources, ...y.sources],
      };
    },
  };
}
