import http from 'node:http';

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };
export type Request = (
  url: string,
  opts?: { method?: string; body?: string; headers?: Record<string, string> },
) => Promise<Reply>;

/**
 * A bare keep-alive HTTP client for the benchmarks: less CPU per call than fetch, which matters
 * because the load generator shares the cores it measures.
 */
export function httpRequester(agent: http.Agent): Request {
  return (url, opts = {}) =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: opts.method ?? 'GET', agent, headers: opts.headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      if (opts.body) req.end(opts.body);
      else req.end();
    });
}
