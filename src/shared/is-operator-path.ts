/**
 * The path as the routers will match it: @koa/router ignores case and a trailing slash, so
 * `/METRICS/` reaches the /metrics route and must be judged as /metrics.
 */
export const routedPath = (path: string) => path.toLowerCase().replace(/\/+$/, '') || '/';

/** What only operators reach: the admin API and the metrics (which show traffic and errors). */
export const isOperatorPath = (path: string) => {
  const p = routedPath(path);
  return p === '/metrics' || p === '/admin' || p.startsWith('/admin/');
};
