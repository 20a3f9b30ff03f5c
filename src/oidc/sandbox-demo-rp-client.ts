import type { Config } from '../../config/load-config.js';
import { loadOrCreateDemoRpKey } from '../demo-rp/demo-rp-key.js';
import type { ClientMetadata } from './client-metadata-schema.js';

export const SANDBOX_DEMO_RP_CLIENT_ID = 'sandbox-demo-rp';

/**
 * The demo relying party (src/demo-rp) as a client, sandbox mode only: private_key_jwt with the
 * public half of the key in DEMO_RP_KEY_FILE (generated there on first start, read by the demo
 * RP too), PAR required, back-channel logout. Registered by value rather than jwks_uri so the
 * provider never depends on the demo RP being up.
 */
export function sandboxDemoRpClient(demoRp: Config['demoRp']): ClientMetadata {
  const { publicJwk } = loadOrCreateDemoRpKey(demoRp.keyFile);
  return {
    client_id: SANDBOX_DEMO_RP_CLIENT_ID,
    client_name: 'Demoetaten – Min side',
    application_type: 'web',
    redirect_uris: [`${demoRp.baseUrl}/callback`],
    post_logout_redirect_uris: [`${demoRp.baseUrl}/logged-out`],
    backchannel_logout_uri: demoRp.backchannelLogoutUri,
    backchannel_logout_session_required: true,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: { keys: [publicJwk] },
    require_pushed_authorization_requests: true,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    scope: 'openid profile',
    subject_type: 'pairwise',
    id_token_signed_response_alg: 'RS256',
  };
}
