/**
 * Registration presets. `idporten-broker` registers the national broker ID-porten as a client of
 * this provider (the federation set-up): it authenticates with client_secret_basic, must use PAR,
 * asks for idporten-loa-high by default and checks `iss` in the authorization response (which
 * this provider always sends). The administrator adds ID-porten's callback URL(s) as
 * `redirect_uris` and, usually, a `client_id` agreed with Digdir.
 */
export const CLIENT_PRESETS: Record<string, Record<string, unknown>> = {
  'idporten-broker': {
    client_name: 'ID-porten',
    application_type: 'web',
    token_endpoint_auth_method: 'client_secret_basic',
    require_pushed_authorization_requests: true,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    scope: 'openid profile',
    default_acr_values: ['idporten-loa-high'],
    id_token_signed_response_alg: 'RS256',
    subject_type: 'pairwise',
  },
};
