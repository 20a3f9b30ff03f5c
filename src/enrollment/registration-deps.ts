import type { EidStore } from '../eid/eid-store.js';
import type { FaceMatchVerifier } from '../facematch/face-match-verifier.js';
import type { AaChallengeIssuer } from '../passport/aa-challenge-issuer.js';
import type { TrustStore } from '../passport/trust-store.js';
import type { VerificationPolicy } from '../passport/verification-policy.js';
import type { Money, PaymentProvider } from '../payment/payment-provider.js';
import type { PopulationRegister } from '../registry/population-register.js';
import type { AuditLog } from '../shared/audit-log.js';
import type { Clock } from '../shared/clock.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import type { OrderStore } from './order-store.js';
import type { OrderVault } from './order-vault.js';
import type { OwedRefunds } from './owed-refunds.js';
import type { ReaderSessions } from './reader-sessions.js';

/** Events worth a log line; never with identity numbers, names, chip data or tokens. */
export interface RegistrationLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Everything the registration use cases need, chosen by the composition root. */
export interface RegistrationDeps {
  readonly orders: OrderStore;
  readonly vault: OrderVault;
  readonly readers: ReaderSessions;
  readonly aa: AaChallengeIssuer;
  readonly trustStore: TrustStore;
  readonly policy: VerificationPolicy;
  readonly faceMatch: FaceMatchVerifier;
  readonly register: PopulationRegister;
  readonly payments: PaymentProvider;
  /** Refunds whose request failed for a transient reason, asked again by `retryOwedRefunds`. */
  readonly owedRefunds: OwedRefunds;
  readonly eids: EidStore;
  readonly audit: AuditLog;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly log: RegistrationLog;
  /** `only` in the sandbox (synthetic numbers), `deny` in production. */
  readonly syntheticNumbers: 'only' | 'deny' | 'allow';
  /** An opaque, stable reference for a person (keyed hash), for `personRef`. */
  readonly personRef: (pid: string) => string;
  readonly settings: {
    readonly price: Money;
    readonly orderLifetimeMs: number;
    readonly activationSecretValidityMs: number;
    readonly readerTokenTtlSeconds: number;
    /** The weakest issuer verdict on the cardholder name that is accepted. */
    readonly cardholderNameCheck: 'match' | 'partial' | 'unavailable';
  };
}
