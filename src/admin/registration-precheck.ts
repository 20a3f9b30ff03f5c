import type { Context } from 'koa';
import { HttpError } from '../shared/http-error.js';
import { readJson } from '../shared/read-json.js';
import { clientRegistrationSchema } from '../oidc/client-metadata-schema.js';

/**
 * Dynamic registration (RFC 7591/7592) goes through oidc-provider, but first through this
 * provider's own rules (https redirects, RS256 keys, known scopes, …), the same ones the admin
 * API applies. The parsed body is handed on as `req.body`, which oidc-provider reads when the
 * stream has been consumed.
 */
export async function precheckRegistration(ctx: Context, limit: number): Promise<void> {
  const body = await readJson(ctx, limit);
  const parsed = clientRegistrationSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    const code =
      field === 'redirect_uris' || field === 'post_logout_redirect_uris'
        ? 'invalid_redirect_uri'
        : 'invalid_client_metadata';
    throw new HttpError(400, code, `${issue.path.join('.')}: ${issue.message}`);
  }
  (ctx.req as unknown as { body: unknown }).body = body;
}
