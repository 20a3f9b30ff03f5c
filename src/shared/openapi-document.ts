import { supportOpenApiPaths } from '../admin/support-openapi.js';
import { appApiOpenApiPaths } from '../device/app-api-openapi.js';
import { readerApiOpenApiPaths } from '../enrollment/reader-api-openapi.js';
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
  const error = {
    type: 'object',
    required: ['error', 'error_description'],
    properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  };
  const client = {
    type: 'object',
    description:
      'OIDC client metadata (RFC 7591 names). On create, client_id is optional (generated when absent) and ' +
      'client_secret is never accepted: the server makes it for client_secret_* methods and returns it once.',
    required: ['redirect_uris'],
    properties: {
      client_id: { type: 'string' },
      client_name: { type: 'string' },
      logo_uri: { type: 'string', format: 'uri' },
      application_type: { enum: ['web', 'native'] },
      redirect_uris: { type: 'array', items: { type: 'string', format: 'uri' } },
      post_logout_redirect_uris: { type: 'array', items: { type: 'string', format: 'uri' } },
      backchannel_logout_uri: { type: 'string', format: 'uri' },
      token_endpoint_auth_method: {
        enum: ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none'],
      },
      jwks: { type: 'object', properties: { keys: { type: 'array', maxItems: 5 } } },
      jwks_uri: { type: 'string', format: 'uri' },
      scope: { type: 'string' },
      default_acr_values: { type: 'array', items: { type: 'string' } },
      subject_type: { enum: ['pairwise', 'public'] },
      sector_identifier_uri: { type: 'string', format: 'uri' },
      preset: { enum: ['idporten-broker'], description: 'create only: start from a preset' },
    },
  };
  const adminErrors = {
    '401': json(error, 'No or wrong administrator credentials'),
    '403': json(error, 'The role may not do this, or a cross-site browser request'),
    '429': json(error, 'Too many failed or anonymous calls from this address (Retry-After)'),
  };
  const clientId = { name: 'clientId', in: 'path', required: true, schema: { type: 'string' } };
  const security = [{ adminBasic: [] }];
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
    components: {
      securitySchemes: { adminBasic: { type: 'http', scheme: 'basic', description: 'ADMIN_CREDENTIALS' } },
    },
    paths: {
      ...readerApiOpenApiPaths(),
      ...appApiOpenApiPaths(),
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
      '/admin/v1/clients': {
        get: {
          summary: 'List the clients registered through this API (roles admin, support)',
          operationId: 'listClients',
          security,
          responses: {
            '200': json(
              { type: 'object', properties: { clients: { type: 'array', items: client } } },
              'Clients',
            ),
            ...adminErrors,
          },
        },
        post: {
          summary: 'Register a client (role admin); the secret, if any, is in this response only',
          operationId: 'createClient',
          security,
          requestBody: { required: true, content: { 'application/json': { schema: client } } },
          responses: {
            '201': json(client, 'Registered'),
            '400': json(
              error,
              'invalid_client_metadata or invalid_redirect_uri; error_description names the field',
            ),
            '409': json(error, 'client_id taken'),
            ...adminErrors,
          },
        },
      },
      '/admin/v1/clients/{clientId}': {
        get: {
          summary: 'Read a client (roles admin, support)',
          operationId: 'getClient',
          security,
          parameters: [clientId],
          responses: {
            '200': json(client, 'The client'),
            '404': json(error, 'No such client'),
            ...adminErrors,
          },
        },
        put: {
          summary: "Replace a client's metadata (role admin); the secret is kept",
          operationId: 'updateClient',
          security,
          parameters: [clientId],
          requestBody: { required: true, content: { 'application/json': { schema: client } } },
          responses: {
            '200': json(client, 'Updated'),
            '400': json(error, 'Invalid metadata (error_description names the field) or invalid_json'),
            '404': json(error, 'No such client'),
            '409': json(error, 'A client from the clients file'),
            '413': json(error, 'Body over MAX_BODY_BYTES'),
            '415': json(error, 'Body is not application/json'),
            ...adminErrors,
          },
        },
        delete: {
          summary: 'Delete a client (role admin)',
          operationId: 'deleteClient',
          security,
          parameters: [clientId],
          responses: {
            '204': { description: 'Deleted' },
            '404': json(error, 'No such client'),
            ...adminErrors,
          },
        },
      },
      '/admin/v1/clients/{clientId}/rotate-secret': {
        post: {
          summary: 'Replace the client secret (role admin); the new one is in this response only',
          operationId: 'rotateClientSecret',
          security,
          parameters: [clientId],
          responses: {
            '200': json(
              {
                type: 'object',
                properties: { client_id: { type: 'string' }, client_secret: { type: 'string' } },
              },
              'New secret',
            ),
            '404': json(error, 'No such client'),
            '409': json(error, 'The client has no secret, or comes from the clients file'),
            ...adminErrors,
          },
        },
      },
      '/admin/v1/initial-access-tokens': {
        post: {
          summary:
            'Make an RFC 7591 initial access token (role admin; DYNAMIC_REGISTRATION=initial-access-token)',
          operationId: 'createInitialAccessToken',
          security,
          responses: {
            '201': json(
              {
                type: 'object',
                properties: { initial_access_token: { type: 'string' }, expires_in: { type: 'integer' } },
              },
              'Token',
            ),
            '409': json(error, 'Dynamic registration is not token-based'),
            ...adminErrors,
          },
        },
      },
      '/admin/v1/audit': {
        get: {
          summary: 'Newest audit entries (role admin)',
          operationId: 'readAudit',
          security,
          parameters: [
            { name: 'count', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          ],
          responses: {
            '200': json({ type: 'object', properties: { entries: { type: 'array' } } }, 'Entries'),
            ...adminErrors,
          },
        },
      },
      ...supportOpenApiPaths(json, error, adminErrors),
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
