/**
 * The OpenAPI 3.1 description of this server's non-OIDC HTTP APIs (the OIDC endpoints are
 * described by discovery). Each feature adds its paths here; a test checks that the document
 * and the mounted API routes list the same operations.
 */
export function openApiDocument(issuer: string): Record<string, unknown> {
  const json = (schema: Record<string, unknown>, description: string) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const health = {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['ok', 'ready', 'not-ready'] },
      checks: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Passport eID provider – service APIs',
      version: '1',
      description:
        'Operational and application APIs. The OpenID Connect endpoints are described by ' +
        `${issuer}/.well-known/openid-configuration.`,
    },
    servers: [{ url: issuer }],
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness: the process is up and serving HTTP',
          operationId: 'healthz',
          responses: { '200': json(health, 'The process is alive') },
        },
      },
      '/readyz': {
        get: {
          summary: 'Readiness: Redis answers and signing keys are loaded',
          operationId: 'readyz',
          responses: {
            '200': json(health, 'Ready to take traffic'),
            '503': json(health, 'Not ready; `checks` says which dependency failed'),
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics (text exposition format)',
          operationId: 'metrics',
          responses: {
            '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          operationId: 'openapi',
          responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1 document') },
        },
      },
    },
  };
}
