import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
