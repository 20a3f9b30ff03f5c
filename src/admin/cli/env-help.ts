/** The footer of every help text: where connection and credentials come from. */
export const ENV_HELP = `Environment (credentials are read from the environment only, never from flags, so they do
not end up in shell history):
  EID_ADMIN_URL      the provider's base URL (default http://localhost:3000)
  EID_ADMIN_USER     administrator name, as listed in the server's ADMIN_CREDENTIALS
  EID_ADMIN_SECRET   that administrator's secret

Exit status: 0 done, 1 the API refused (4xx/5xx), 2 usage error or server unreachable.`;
