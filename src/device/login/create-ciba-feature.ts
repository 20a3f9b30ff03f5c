import type { KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { acrFor, readAcrRequirement } from '../../oidc/acr-policy.js';
import { parseIdentityNumber } from '../../shared/identity-number.js';
import type { RateLimiter } from '../../shared/rate-limiter.js';
import type { Result } from '../../shared/result.js';
import type { AuthRequest } from './auth-request.js';
import type { StartAuthRequestError, StartAuthRequestInput } from './start-auth-request.js';

/** The `features.ciba` hooks of node-oidc-provider, wired to the push approval requests. */
export interface CibaFeature {
  readonly processLoginHint: (ctx: KoaContextWithOIDC, loginHint: string) => Promise<string>;
  readonly validateBindingMessage: (ctx: KoaContextWithOIDC, bindingMessage?: string) => Promise<void>;
  readonly validateRequestContext: (ctx: KoaContextWithOIDC, requestContext?: string) => Promise<void>;
  readonly verifyUserCode: (ctx: KoaContextWithOIDC, account: unknown, userCode?: string) => Promise<void>;
  readonly triggerAuthenticationDevice: (
    ctx: KoaContextWithOIDC,
    request: { jti: string; params: Record<string, unknown> },
    account: { accountId: string },
    client: { clientId: string; clientName?: string },
  ) => Promise<void>;
  /** Completes the backchannel request when the app answered (`onAnswered` of the respond use case). */
  complete(provider: Provider, request: AuthRequest, approved: boolean): Promise<void>;
}

// Shown in the app next to the relying party's name: letters of any script, digits, a little
// punctuation; short enough for a phone's confirmation screen.
const BINDING_MESSAGE = /^[\p{L}\p{N} .,:!?#+/_-]{1,40}$/u;

/**
 * CIBA (poll and ping): `login_hint` is the identity number; the request becomes the same push
 * approval a browser login makes (`kind: 'ciba'`, no verification code page: the app shows the
 * relying party and `binding_message`). Anything that stops a push (no active device, the
 * per-person limit, a pending request) ends the backchannel request as `access_denied`, the
 * same answer as the user saying no. Before any of that, each client has a per-minute limit
 * (429 `slow_down`), and `acr_values` this method cannot satisfy are refused (`invalid_request`),
 * so no phone is woken for a request that could never end in tokens.
 *
 * @example
 *   const ciba = createCibaFeature({ start, sandbox, amr: ['Passport-App'], onApproved });
 *   features: { ciba: { enabled: true, deliveryModes: ['poll', 'ping'], ...ciba } }
 */
export function createCibaFeature(deps: {
  start: (input: StartAuthRequestInput) => Promise<Result<AuthRequest, StartAuthRequestError>>;
  sandbox: boolean;
  amr: readonly string[];
  /** Before tokens are issued: refresh the account's profile claims from the eID record. */
  onApproved: (pid: string) => Promise<void>;
  markCompleted: (request: AuthRequest) => Promise<void>;
  nowSeconds: () => number;
  limiter: RateLimiter;
  perClientPerMinute: number;
}): CibaFeature {
  return {
    async processLoginHint(ctx, loginHint) {
      // The first hook with the authenticated client: count every attempt, found or not.
      const clientId = ctx.oidc.client?.clientId ?? '';
      const rate = await deps.limiter.hit(`ciba-client:${clientId}`, {
        limit: deps.perClientPerMinute,
        windowSeconds: 60,
      });
      if (!rate.allowed) {
        const e = new errors.CustomOIDCProviderError(
          'slow_down',
          'too many backchannel requests; retry later',
        );
        Object.assign(e, { status: 429, statusCode: 429 });
        throw e;
      }
      const pid = parseIdentityNumber(loginHint, { synthetic: deps.sandbox ? 'allow' : 'deny' });
      if (!pid.ok) throw new errors.InvalidRequest('login_hint must be a fødselsnummer or D-number');
      return pid.value.value;
    },
    async validateBindingMessage(_ctx, bindingMessage) {
      if (bindingMessage !== undefined && !BINDING_MESSAGE.test(bindingMessage))
        throw new errors.InvalidBindingMessage('binding_message: 1–40 letters, digits, spaces or .,:!?#+/_-');
    },
    async validateRequestContext(ctx) {
      const requirement = readAcrRequirement(ctx.oidc.params?.acr_values as string | undefined);
      const acr = requirement.ok ? acrFor(requirement.value, 'high') : requirement;
      if (!acr.ok) throw new errors.InvalidRequest(`acr_values: ${acr.detail}`);
    },
    async verifyUserCode(_ctx, _account, userCode) {
      if (userCode) throw new errors.InvalidRequest('user_code is not supported');
    },
    async triggerAuthenticationDevice(ctx, request, account, client) {
      const bindingMessage = request.params.binding_message as string | undefined;
      const started = await deps.start({
        pid: account.accountId,
        kind: 'ciba',
        rpName: client.clientName ?? client.clientId,
        ...(bindingMessage ? { bindingMessage } : {}),
        cibaRequestId: request.jti,
      });
      if (!started.ok) {
        await ctx.oidc.provider.backchannelResult(
          request as never,
          new errors.AccessDenied('the end-user did not approve the request'),
        );
      }
    },
    async complete(provider, request, approved) {
      if (request.kind !== 'ciba' || !request.cibaRequestId) return;
      const bc = await provider.BackchannelAuthenticationRequest.find(request.cibaRequestId);
      if (!bc) return;
      if (!approved) {
        await provider.backchannelResult(bc, new errors.AccessDenied('the end-user denied the request'));
        return;
      }
      await deps.onApproved(request.pid);
      const grant = new provider.Grant({ accountId: bc.accountId!, clientId: bc.clientId! });
      if (bc.scope) grant.addOIDCScope(bc.scope);
      await grant.save();
      const requirement = readAcrRequirement((bc.params as Record<string, string | undefined>).acr_values);
      const acr = requirement.ok ? acrFor(requirement.value, 'high') : undefined;
      if (!acr?.ok) {
        await provider.backchannelResult(bc, new errors.AccessDenied('the requested acr cannot be met'));
        return;
      }
      await provider.backchannelResult(bc, grant, {
        acr: acr.value,
        amr: [...deps.amr],
        authTime: deps.nowSeconds(),
      });
      await deps.markCompleted(request);
    },
  };
}
