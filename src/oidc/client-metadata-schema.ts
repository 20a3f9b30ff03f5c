import { z } from 'zod';
import { ACR_VALUES } from './acr-policy.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http on a loopback host (native apps and local development); never a fragment. */
const redirectUri = z.url().superRefine((value, ctx) => {
  const u = new URL(value);
  if (u.hash) ctx.addIssue({ code: 'custom', message: 'must not contain a fragment' });
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) return;
  if (
    u.protocol !== 'http:' &&
    u.protocol !== 'https:' &&
    /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(u.protocol)
  ) {
    return; // private-use scheme (reverse domain) for native apps, RFC 8252 §7.1
  }
  ctx.addIssue({ code: 'custom', message: 'must use https (http only on a loopback host)' });
});

const publicJwk = z
  .object({ kty: z.enum(['RSA', 'EC']), kid: z.string().optional(), alg: z.string().optional() })
  .passthrough()
  .refine((k) => !('d' in k) && !('p' in k), { message: 'must be a public key (no private parameters)' });

export const SUPPORTED_SCOPES = ['openid', 'profile', 'offline_access'] as const;

/**
 * A client registration as this provider accepts it. Field names are the OIDC registration
 * names, so an error path names the metadata field a relying party has to fix.
 */
export const clientMetadataSchema = z
  .object({
    client_id: z.string().regex(/^[A-Za-z0-9._:-]{3,100}$/, '3–100 letters, digits, . _ : -'),
    client_secret: z.string().min(32, 'at least 32 characters').optional(),
    client_name: z.string().min(1).max(100).optional(),
    logo_uri: z.url({ protocol: /^https$/ }).optional(),
    application_type: z.enum(['web', 'native']).default('web'),
    redirect_uris: z.array(redirectUri).min(1),
    post_logout_redirect_uris: z.array(redirectUri).optional(),
    backchannel_logout_uri: redirectUri.optional(),
    backchannel_logout_session_required: z.boolean().optional(),
    token_endpoint_auth_method: z
      .enum(['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none'])
      .default('client_secret_basic'),
    token_endpoint_auth_signing_alg: z.enum(['RS256', 'PS256', 'ES256']).optional(),
    jwks: z.object({ keys: z.array(publicJwk).min(1).max(5, 'at most 5 keys') }).optional(),
    jwks_uri: z.url({ protocol: /^https$/ }).optional(),
    grant_types: z.array(z.enum(['authorization_code', 'refresh_token'])).default(['authorization_code']),
    response_types: z.array(z.literal('code')).default(['code']),
    scope: z
      .string()
      .refine((s) => s.split(' ').every((x) => (SUPPORTED_SCOPES as readonly string[]).includes(x)), {
        message: `unknown scope; supported: ${SUPPORTED_SCOPES.join(' ')}`,
      })
      .default('openid profile'),
    default_acr_values: z.array(z.enum(ACR_VALUES)).optional(),
    subject_type: z.enum(['pairwise', 'public']).default('pairwise'),
    sector_identifier_uri: z.url({ protocol: /^https$/ }).optional(),
    id_token_signed_response_alg: z.enum(['RS256', 'PS256', 'ES256']).default('RS256'),
    authorization_signed_response_alg: z.enum(['RS256', 'PS256', 'ES256']).optional(),
    require_pushed_authorization_requests: z.boolean().optional(),
    dpop_bound_access_tokens: z.boolean().optional(),
    introspection_endpoint_auth_method: z.never().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const secretMethod = c.token_endpoint_auth_method.startsWith('client_secret');
    if (secretMethod && !c.client_secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['client_secret'],
        message: `required for ${c.token_endpoint_auth_method}`,
      });
    }
    if (!secretMethod && c.client_secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['client_secret'],
        message: `not used with ${c.token_endpoint_auth_method}`,
      });
    }
    if (c.token_endpoint_auth_method === 'private_key_jwt' && !c.jwks === !c.jwks_uri) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwks'],
        message: 'private_key_jwt needs exactly one of jwks or jwks_uri',
      });
    }
    const hosts = new Set(c.redirect_uris.map((u) => new URL(u).host));
    if (c.subject_type === 'pairwise' && hosts.size > 1 && !c.sector_identifier_uri) {
      ctx.addIssue({
        code: 'custom',
        path: ['sector_identifier_uri'],
        message: 'required for pairwise subjects when redirect_uris span several hosts',
      });
    }
    if (c.grant_types.includes('refresh_token') && !c.scope.split(' ').includes('offline_access')) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'refresh_token grant needs the offline_access scope',
      });
    }
  });

export type ClientMetadata = z.infer<typeof clientMetadataSchema>;
