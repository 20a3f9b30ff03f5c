import Router from '@koa/router';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config, Locale } from '../../config/load-config.js';
import { csrfToken, verifyCsrfToken } from '../shared/csrf-token.js';
import { HttpError } from '../shared/http-error.js';
import { negotiateLocale } from '../shared/i18n.js';
import { parseIdentityNumber } from '../shared/identity-number.js';
import { makeIdentityNumber } from '../shared/make-identity-number.js';
import type { Metrics } from '../shared/metrics.js';
import { setPageHeaders } from '../shared/page-headers.js';
import type { RenderPage } from '../shared/page-renderer.js';
import { readForm } from '../shared/read-form.js';
import type { AccountStore } from './account-store.js';
import { acrFor, readAcrRequirement } from './acr-policy.js';
import type { AuthRequest } from '../device/login/auth-request.js';
import type { AuthRequestStore } from '../device/login/auth-request-store.js';
import type { StartAuthRequestError, StartAuthRequestInput } from '../device/login/start-auth-request.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import type { Result } from '../shared/result.js';

export interface InteractionDeps {
  readonly provider: Provider;
  readonly config: Config;
  readonly renderPage: RenderPage;
  readonly accounts: AccountStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Key for CSRF tokens (the first cookie key). */
  readonly csrfKey: string;
  /** Login with the authenticator app (issue 5); the method is not offered without it. */
  readonly appLogin?: {
    start(input: StartAuthRequestInput): Promise<Result<AuthRequest, StartAuthRequestError>>;
    readonly requests: AuthRequestStore;
    readonly limiter: RateLimiter;
    refreshProfile(pid: string, locale: Locale): Promise<void>;
  };
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;
type FieldError = { field: string; code: string };

const testIdForm = z.object({
  csrf: z.string(),
  pid: z.string().max(20),
  level: z.enum(['high', 'substantial']).default('high'),
});
const abortForm = z.object({ csrf: z.string() });
const appForm = z.object({ csrf: z.string(), pid: z.string().max(20) });

/**
 * The browser side of a login: /interaction/:uid shows the login page for the provider's
 * current prompt; the method forms post back here and finish the interaction. Consent is not
 * asked of the user (see loadExistingGrant); an explicit prompt=consent is granted here.
 */
export function createInteractionRouter(deps: InteractionDeps): Router {
  const { provider, config } = deps;
  const router = new Router();
  const example = makeIdentityNumber({ birthDate: '1990-05-17' });

  const localeFor = (ctx: Context, details: Details): Locale => {
    const chosen = typeof ctx.query.lang === 'string' ? ctx.query.lang : undefined;
    const locale = negotiateLocale(
      {
        choice: chosen ?? ctx.cookies.get('lang'),
        uiLocales: details.params.ui_locales as string | undefined,
        acceptLanguage: ctx.get('accept-language'),
      },
      config.locales,
      config.defaultLocale,
    );
    if (chosen && chosen === locale) {
      ctx.cookies.set('lang', locale, {
        httpOnly: true,
        sameSite: 'lax',
        maxAge: 365 * 24 * 3600 * 1000,
        signed: false,
      });
    }
    return locale;
  };

  const renderLogin = async (
    ctx: Context,
    details: Details,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
  ) => {
    const client = await provider.Client.find(details.params.client_id as string);
    setPageHeaders(ctx);
    ctx.status = errors.length ? 400 : 200;
    ctx.type = 'html';
    ctx.body = deps.renderPage(
      'login',
      { locale: localeFor(ctx, details), path: `/interaction/${details.uid}` },
      {
        uid: details.uid,
        csrf: csrfToken(deps.csrfKey, details.uid),
        clientName: client?.clientName ?? client?.clientId ?? '',
        methods: { testid: config.sandbox, register: true, app: Boolean(deps.appLogin) },
        errors,
        values,
        example,
        fieldError: (f: string) => errors.find((e) => e.field === f)?.code,
      },
    );
  };

  const finish = async (ctx: Context, result: Parameters<Provider['interactionResult']>[2]) => {
    const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    setPageHeaders(ctx);
    ctx.redirect(to);
  };

  const detailsOf = async (ctx: Context, uid: string | undefined): Promise<Details> => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    // The interaction cookie names one interaction; a URL for another is a stale tab or a forgery.
    if (details.uid !== uid)
      throw new HttpError(400, 'interaction.mismatch', 'this login page belongs to another login');
    return details;
  };

  router.get('/interaction/:uid', async (ctx) => {
    const details = await detailsOf(ctx, ctx.params.uid);
    const prompt = details.prompt;
    if (prompt.name === 'consent') {
      const grant = details.grantId
        ? (await provider.Grant.find(details.grantId))!
        : new provider.Grant({
            accountId: details.session!.accountId,
            clientId: details.params.client_id as string,
          });
      const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      return finish(ctx, { consent: { grantId: await grant.save() } });
    }
    await renderLogin(ctx, details);
  });

  if (config.sandbox) {
    router.post('/interaction/:uid/testid', async (ctx) => {
      const details = await detailsOf(ctx, ctx.params.uid);
      const form = testIdForm.safeParse(await readForm(ctx, config.maxBodyBytes));
      if (!form.success || !verifyCsrfToken(deps.csrfKey, details.uid, form.data.csrf)) {
        return renderLogin(ctx, details, [{ field: 'pid', code: 'csrf' }]);
      }
      const pid = parseIdentityNumber(form.data.pid, { synthetic: 'only' });
      if (!pid.ok)
        return renderLogin(ctx, details, [{ field: 'pid', code: pid.code }], {
          pid: form.data.pid,
          level: form.data.level,
        });
      const requirement = readAcrRequirement(details.params.acr_values as string | undefined);
      // The provider already refused unsatisfiable acr_values before this page was shown.
      if (!requirement.ok) throw new HttpError(400, requirement.code, requirement.detail);
      const acr = acrFor(requirement.value, form.data.level);
      if (!acr.ok)
        return renderLogin(ctx, details, [{ field: 'level', code: acr.code }], {
          pid: form.data.pid,
          level: form.data.level,
        });

      await deps.accounts.update(pid.value.value, { locale: localeFor(ctx, details) });
      deps.metrics.logins.inc({ acr: acr.value, method: 'testid' });
      deps.logger.info(
        { event: 'login', clientId: details.params.client_id, acr: acr.value, method: 'testid' },
        'login',
      );
      return finish(ctx, {
        login: { accountId: pid.value.value, acr: acr.value, amr: ['TestID'], remember: false },
      });
    });
  }

  if (deps.appLogin) {
    const app = deps.appLogin;
    const renderDevicePage = async (
      ctx: Context,
      details: Details,
      view: 'device/login-wait' | 'device/login-failed',
      locals: Record<string, unknown> = {},
    ) => {
      const client = await provider.Client.find(details.params.client_id as string);
      setPageHeaders(ctx);
      ctx.type = 'html';
      ctx.body = deps.renderPage(
        view,
        { locale: localeFor(ctx, details), path: `/interaction/${details.uid}` },
        {
          uid: details.uid,
          csrf: csrfToken(deps.csrfKey, details.uid),
          clientName: client?.clientName ?? client?.clientId ?? '',
          errors: [],
          values: {},
          example,
          fieldError: () => undefined,
          ...locals,
        },
      );
    };
    // One answer for unknown people, people without a device, refusals, denials and timeouts.
    const neutralFailure = (ctx: Context, details: Details) =>
      renderDevicePage(ctx, details, 'device/login-failed');
    const waiting = (ctx: Context, details: Details, request: AuthRequest) =>
      renderDevicePage(ctx, details, 'device/login-wait', {
        code: request.code,
        step: request.step,
        expiresInSeconds: Math.max(0, Math.round((request.expiresAt - Date.now()) / 1000)),
      });
    const clientNameOf = async (details: Details) => {
      const client = await provider.Client.find(details.params.client_id as string);
      return client?.clientName ?? client?.clientId ?? '';
    };
    const startFor = async (ctx: Context, details: Details, pid: string, onlyDevice?: string) => {
      const started = await app.start({
        pid,
        kind: 'login',
        rpName: await clientNameOf(details),
        interactionUid: details.uid,
        ...(onlyDevice ? { onlyDevice } : {}),
      });
      if (!started.ok) return neutralFailure(ctx, details);
      await app.requests.bindInteraction(details.uid, started.value.id);
      return waiting(ctx, details, started.value);
    };

    router.post('/interaction/:uid/app', async (ctx) => {
      const details = await detailsOf(ctx, ctx.params.uid);
      const form = appForm.safeParse(await readForm(ctx, config.maxBodyBytes));
      if (!form.success || !verifyCsrfToken(deps.csrfKey, details.uid, form.data.csrf)) {
        return renderLogin(ctx, details, [{ field: 'app-pid', code: 'csrf' }]);
      }
      const pid = parseIdentityNumber(form.data.pid, { synthetic: config.sandbox ? 'allow' : 'deny' });
      if (!pid.ok)
        return renderLogin(ctx, details, [{ field: 'app-pid', code: pid.code }], { appPid: form.data.pid });
      const bySource = await app.limiter.hit(`app-login-ip:${ctx.ip}`, { limit: 30, windowSeconds: 60 });
      if (!bySource.allowed) return neutralFailure(ctx, details);
      return startFor(ctx, details, pid.value.value);
    });

    // For the page's script: has the app answered? Says nothing about how.
    router.get('/interaction/:uid/app/status', async (ctx) => {
      const details = await detailsOf(ctx, ctx.params.uid);
      const request = await app.requests.forInteraction(details.uid);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        state: request?.status === 'pending' && request.expiresAt > Date.now() ? 'pending' : 'ready',
      };
    });

    // "Check again" (the no-script path, and where the script sends the browser when ready).
    router.post('/interaction/:uid/app/check', async (ctx) => {
      const details = await detailsOf(ctx, ctx.params.uid);
      const form = abortForm.safeParse(await readForm(ctx, config.maxBodyBytes));
      if (!form.success || !verifyCsrfToken(deps.csrfKey, details.uid, form.data.csrf)) {
        return renderLogin(ctx, details, [{ field: 'app-pid', code: 'csrf' }]);
      }
      const request = await app.requests.forInteraction(details.uid);
      if (!request || request.interactionUid !== details.uid) return neutralFailure(ctx, details);
      if (request.status === 'pending') {
        if (request.expiresAt > Date.now()) return waiting(ctx, details, request);
        await app.requests.release(request.pid, request.id);
        return neutralFailure(ctx, details);
      }
      if (request.status !== 'approved') return neutralFailure(ctx, details);
      // The approval is taken once: a second tab or a replayed post finds it completed.
      if ((await app.requests.transition(request.id, 'approved', 'completed')) !== 'ok')
        return neutralFailure(ctx, details);
      if (request.kind === 'activate') return startFor(ctx, details, request.pid, request.respondedBy);

      const requirement = readAcrRequirement(details.params.acr_values as string | undefined);
      if (!requirement.ok) throw new HttpError(400, requirement.code, requirement.detail);
      const acr = acrFor(requirement.value, 'high');
      if (!acr.ok) throw new HttpError(400, acr.code, acr.detail);
      await app.refreshProfile(request.pid, localeFor(ctx, details));
      deps.metrics.logins.inc({ acr: acr.value, method: 'app' });
      deps.logger.info(
        { event: 'login', clientId: details.params.client_id, acr: acr.value, method: 'app' },
        'login',
      );
      return finish(ctx, {
        login: { accountId: request.pid, acr: acr.value, amr: [config.amr], remember: false },
      });
    });
  }

  router.post('/interaction/:uid/abort', async (ctx) => {
    const details = await detailsOf(ctx, ctx.params.uid);
    const form = abortForm.safeParse(await readForm(ctx, config.maxBodyBytes));
    if (!form.success || !verifyCsrfToken(deps.csrfKey, details.uid, form.data.csrf)) {
      return renderLogin(ctx, details, [{ field: 'pid', code: 'csrf' }]);
    }
    return finish(ctx, { error: 'access_denied', error_description: 'the end-user cancelled the login' });
  });

  return router;
}
