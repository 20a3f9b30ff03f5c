export type AdminApiOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'refused'; readonly status: number; readonly code: string; readonly description: string }
  | { readonly kind: 'unreachable'; readonly url: string; readonly reason: string };

export interface AdminApiClient {
  readonly baseUrl: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<AdminApiOutcome>;
}

/**
 * A small client for /admin/v1 over global fetch. Every outcome is a value, so each command
 * decides its exit status in one place; nothing here throws for a refusal or a dead server.
 *
 * @example const r = await api.call('GET', '/clients'); if (r.kind !== 'ok') return reportFailure(r);
 */
export function createAdminApiClient(opts: {
  baseUrl: string;
  user: string;
  secret: string;
  timeoutMs?: number;
}): AdminApiClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${opts.user}:${opts.secret}`, 'utf8').toString('base64')}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return {
    baseUrl: base,
    async call(method, path, body) {
      const url = `${base}/admin/v1${path}`;
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: {
            authorization,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          // The admin API never redirects; following one would send the credentials elsewhere.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        return { kind: 'unreachable', url: base, reason: describeFetchFailure(e, timeoutMs) };
      }
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.get('location') ?? 'elsewhere';
        return {
          kind: 'unreachable',
          url: base,
          reason: `it redirects to ${location}; set EID_ADMIN_URL to the provider's own base URL`,
        };
      }
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        return { kind: 'unreachable', url: base, reason: describeFetchFailure(e, timeoutMs) };
      }
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (!res.ok) {
        const o = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
        return {
          kind: 'refused',
          status: res.status,
          code: typeof o.error === 'string' ? o.error : `http_${res.status}`,
          description:
            typeof o.error_description === 'string'
              ? o.error_description
              : res.statusText || 'the server refused the request',
        };
      }
      if (text && parsed === undefined) {
        // Something answers at that URL, but it is not this provider's admin API.
        return {
          kind: 'refused',
          status: res.status,
          code: 'unexpected_response',
          description: `${url} did not answer with JSON; is EID_ADMIN_URL the provider's base URL?`,
        };
      }
      return { kind: 'ok', status: res.status, body: parsed };
    },
  };
}

function describeFetchFailure(e: unknown, timeoutMs: number): string {
  const error = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = error?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  return cause?.code ?? cause?.message ?? error?.message ?? String(e);
}
