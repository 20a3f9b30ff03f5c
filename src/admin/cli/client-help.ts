import { ENV_HELP } from './env-help.js';

const METADATA_FLAGS = `  --client-id ID                     client_id (create: generated when absent; update: cannot change)
  --name NAME                        client_name
  --redirect-uri URI                 redirect_uris (repeatable; https, or http on loopback for native apps)
  --post-logout-redirect-uri URI     post_logout_redirect_uris (repeatable)
  --auth-method METHOD               token_endpoint_auth_method: private_key_jwt, client_secret_basic,
                                     client_secret_post or none
  --jwks-file FILE                   jwks: a JWK set or a single JWK, public keys only (RSA ≥ 2048)
  --jwks-uri URI                     jwks_uri (https)
  --scope "openid profile"           scope (from openid profile offline_access)
  --acr VALUE                        default_acr_values (repeatable), e.g. idporten-loa-high
  --application-type web|native      application_type
  --backchannel-logout-uri URI       backchannel_logout_uri
  --file FILE                        a JSON object with registration metadata (OIDC field names);
                                     flags given as well override its fields
  --json                             print the API's JSON answer (one document on stdout)`;

/** Help texts of `client` and its subcommands. */
export const CLIENT_HELP: Record<string, string> = {
  client: `Usage: npm run admin -- client <subcommand> [options]

Relying parties registered through the admin API (clients from the server's CLIENTS_FILE are
configuration and cannot be changed here).

Subcommands:
  create                 register a client from flags or --file; prints its secret once
  list                   every client registered through the API
  show ID                one client
  update ID              change a client: the flags given replace those fields, the rest is kept
  delete ID --yes        delete a client (no prompt: --yes is required)
  rotate-secret ID       replace the client secret; prints the new one once

Run a subcommand with --help for its options.

${ENV_HELP}`,

  create: `Usage: npm run admin -- client create [metadata flags] [--preset idporten-broker] [--file FILE]

Registers a client (role admin). For client_secret_* methods the server generates the secret and
this command prints it once: store it right away, it cannot be shown again (rotate-secret makes a
new one).

${METADATA_FLAGS}
  --preset idporten-broker           start from the preset for ID-porten as broker (client_secret_basic,
                                     PAR required, idporten-loa-high); add its --redirect-uri

Example:
  npm run admin -- client create --client-id nav --name NAV --redirect-uri https://nav.example/cb \\
      --auth-method private_key_jwt --jwks-file nav.jwks.json --acr idporten-loa-high

${ENV_HELP}`,

  update: `Usage: npm run admin -- client update ID [metadata flags] [--file FILE]

Changes a client (role admin). The API replaces the whole registration, so this command reads the
current one first and puts what you give over it: fields you do not mention are kept. A repeatable
flag replaces the whole list. In --file, a field set to null is removed. The secret is kept
(switching to a client_secret_* method makes one, printed once).

${METADATA_FLAGS}

${ENV_HELP}`,

  list: `Usage: npm run admin -- client list [--json]

Lists the clients registered through the API (roles admin, support).

  --json    print {"clients": [...]} as the API returns it

${ENV_HELP}`,

  show: `Usage: npm run admin -- client show ID [--json]

Shows one client's registration (roles admin, support). The secret is never shown.

  --json    print the client as the API returns it

${ENV_HELP}`,

  delete: `Usage: npm run admin -- client delete ID --yes [--json]

Deletes a client at once (role admin); its tokens stop working. There is no prompt, so that
scripts can use it: --yes is required to say you mean it.

  --yes     confirm the deletion
  --json    print {"client_id": ID, "deleted": true}

${ENV_HELP}`,

  'rotate-secret': `Usage: npm run admin -- client rotate-secret ID [--json]

Replaces the client secret (role admin). The old secret stops working at once, on every instance.
The new one is printed once: store it right away.

  --json    print {"client_id": ..., "client_secret": ...}

${ENV_HELP}`,
};
