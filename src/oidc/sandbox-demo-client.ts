import type { ClientMetadata } from './client-metadata-schema.js';

/** Published on purpose (README): sandbox mode only, refused in production with the rest of it. */
export const SANDBOX_DEMO_CLIENT_SECRET = 'sandbox-demo-secret-not-for-production-0000';

/**
 * The client a newcomer can log in with straight away in sandbox mode: client_secret_basic,
 * redirecting to the provider's own sandbox try page (/sandbox/try).
 */
export function sandboxDemoClient(issuer: string): ClientMetadata {
  return {
    client_id: 'sandbox-demo',
    client_secret: SANDBOX_DEMO_CLIENT_SECRET,
    client_name: 'Sandbox demo service',
    application_type: 'web',
    redirect_uris: [`${issuer}/sandbox/callback`],
    post_logout_redirect_uris: [`${issuer}/sandbox/logged-out`],
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid profile offline_access',
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'RS256',
  };
}
