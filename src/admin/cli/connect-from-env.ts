import { err, ok, type Result } from '../../shared/result.js';
import { createAdminApiClient, type AdminApiClient } from './admin-api-client.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The API client from EID_ADMIN_URL, EID_ADMIN_USER and EID_ADMIN_SECRET. */
export function connectFromEnv(env: NodeJS.ProcessEnv = process.env): Result<AdminApiClient, 'usage'> {
  const baseUrl = env.EID_ADMIN_URL || 'http://localhost:3000';
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return err('usage', `EID_ADMIN_URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err('usage', `EID_ADMIN_URL must be http or https, got ${url.protocol}`);
  }
  const user = env.EID_ADMIN_USER;
  const secret = env.EID_ADMIN_SECRET;
  if (!user || !secret) {
    const missing = [!user && 'EID_ADMIN_USER', !secret && 'EID_ADMIN_SECRET'].filter(Boolean).join(' and ');
    return err('usage', `set ${missing} (administrator credentials come from the environment only)`);
  }
  if (user.includes(':')) return err('usage', 'EID_ADMIN_USER cannot contain ":"');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    // Not refused (a lab set-up may need it), but the secret crosses the network in the clear.
    console.error(`warning: ${url.origin} is plain http; the administrator secret is sent unencrypted`);
  }
  return ok(createAdminApiClient({ baseUrl, user, secret }));
}
