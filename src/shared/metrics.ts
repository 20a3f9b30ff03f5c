import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly logins: Counter<'acr' | 'method'>;
  readonly errors: Counter<'code'>;
}

/**
 * Prometheus metrics. Labels are bounded: routes are patterns (never raw paths, which carry
 * interaction ids), error codes are OAuth codes or our stable codes, never free text.
 */
/**
 * Gauges for Google's Android attestation status list, read when scraped: when `fresh` drops to 0
 * every Android enrolment is refused (503), so operators alert on it rather than wait for calls.
 */
export function registerAttestationStatusGauges(
  metrics: Metrics,
  list: { health(): { readonly fresh: boolean; readonly ageMs?: number } },
): void {
  new Gauge({
    name: 'eid_attestation_status_list_fresh',
    help: "1 while Google's Android attestation status list is current; at 0 Android enrolments are refused",
    registers: [metrics.registry],
    collect() {
      this.set(list.health().fresh ? 1 : 0);
    },
  });
  new Gauge({
    name: 'eid_attestation_status_list_age_seconds',
    help: 'Age of the last good Android attestation status list (-1 before the first fetch)',
    registers: [metrics.registry],
    collect() {
      const age = list.health().ageMs;
      this.set(age === undefined ? -1 : age / 1000);
    },
  });
}

/**
 * Refunds the PSP could not be asked for yet (the refund job retries them) and refunds it refused
 * (an operator must act). Read from Redis when scraped, with a short timeout: a Redis outage must
 * not take the whole /metrics answer down with it (the gauges then keep their last value).
 */
export function registerRefundGauges(
  metrics: Metrics,
  refunds: { counts(): Promise<{ owed: number; refused: number }> },
): void {
  let last: Promise<{ owed: number; refused: number } | undefined> | undefined;
  // One Redis read per scrape, shared by both gauges.
  const read = () =>
    (last ??= Promise.race([
      refunds.counts(),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 500).unref()),
    ])
      .catch(() => undefined)
      .finally(() => setImmediate(() => (last = undefined))));
  new Gauge({
    name: 'eid_refunds_owed',
    help: 'Refunds still owed after a request the PSP could not answer (asked again by the refund job)',
    registers: [metrics.registry],
    async collect() {
      const c = await read();
      if (c) this.set(c.owed);
    },
  });
  new Gauge({
    name: 'eid_refunds_refused',
    help: 'Refunds the PSP refused: an operator must refund them by hand (docs/registration.md)',
    registers: [metrics.registry],
    async collect() {
      const c = await read();
      if (c) this.set(c.refused);
    },
  });
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'eid_http_requests_total',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'eid_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    logins: new Counter({
      name: 'eid_logins_total',
      help: 'Completed end-user authentications by issued acr and method',
      labelNames: ['acr', 'method'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'eid_errors_total',
      help: 'Errors answered by stable code (OAuth error or ours)',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}
