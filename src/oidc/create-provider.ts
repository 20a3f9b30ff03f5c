import { createHash, createHmac } from 'node:crypto';
import type { JWK } from 'jose';
import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { Config } from '../../config/load-config.js';
import { negotiateLocale } from '../shared/i18n.js';
import { setPageHeaders } from '../shared/page-headers.js';
import type { RenderPage } from '../shared/page-renderer.js';
import type { AccountStore } from './account-store.js';
import { ACR_VALUES, acrFor, levelOf, readAcrRequirement } from './acr-policy.js';
import { clientSecretMatches } from '../admin/client-secret.js';
import { clientRegistrationSchema, type ClientMetadata } from './client-metadata-schema.js';
import type { RedisAdapterClass, RedisAdapterInstance } from './redis-adapter.js';
import type { CibaFeature } from '../device/login/create-ciba-feature.js';

export interface ProviderDeps {
  readonly config: Config;
  readonly signingKeys: JWK[];
  readonly cookieKeys: string[];
  readonly pairwiseSalt: string;
  readonly clients: ClientMetadata[];
  readonly adapter: RedisAdapterClass;
  readonly accounts: AccountStore;
  readonly renderPage: RenderPage;
  /** CIBA hooks of the authenticator (issue 5); CIBA is off without them. */
  readonly ciba?: Omit<CibaFeature, 'complete'>;
}

const { Check, base } = interactionPolicy;
const REGISTRATION_RULES_PROPERTY = 'x_passport_eid_rules';

/** The first rule a dynamically registered client breaks, named by its field; undefined if none. */
function registrationProblem(metadata: Record<string, unknown>): string | undefined {
  const known = Object.keys(clientRegistrationSchema.shape ?? {});
  const candidate = Object.fromEntries(
    Object.entries(metadata).filter(
      ([k, v]) =>
        known.includes(k) &&
        v !== undefined &&
        k !== 'client_id' &&
        k !== 'client_secret' &&
        !(Array.isArray(v) && v.length === 0),
    ),
  );
  const parsed = clientRegistrationSchema.safeParse(candidate);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

/** Endpoint paths, named as ID-porten names them so relying parties recognise them. */
export const PROVIDER_ROUTES = {
  authorization: '/authorize',
  pushed_authorization_request: '/par',
  token: '/token',
  userinfo: '/userinfo',
  jwks: '/jwks',
  end_session: '/endsession',
  introspection: '/introspect',
  revocation: '/revoke',
  backchannel_authentication: '/bc-authorize',
  registration: '/register',
} as const;

/**
 * node-oidc-provider configured to the ID-porten compatible claim profile (ARCHITECTURE §4):
 * code flow only, PKCE S256, state and nonce for every client; PAR, request objects, JARM, DPoP;
 * pairwise `sub`; `pid`, `locale`, `amr`, `sid`; the acr rule "higher satisfies lower, never a
 * silent downgrade".
 */
export function createProvider(deps: ProviderDeps): Provider {
  const { config } = deps;
  const https = config.issuer.startsWith('https://');

  const configuration: Configuration = {
    adapter: deps.adapter as unknown as Configuration['adapter'],
    clients: deps.clients as unknown as Configuration['clients'],
    jwks: { keys: deps.signingKeys as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: deps.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax', signed: true, secure: https },
      short: { httpOnly: true, sameSite: 'lax', signed: true, secure: https },
    },
    acrValues: [...ACR_VALUES],
    claims: {
      acr: null,
      amr: null,
      sid: null,
      auth_time: null,
      iss: null,
      // acr/amr/auth_time are standalone claims that oidc-provider would otherwise only issue
      // when asked for; ID-porten clients expect them in every id token.
      openid: ['sub', 'pid', 'locale', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'given_name', 'family_name', 'birthdate'],
    },
    // ID-porten's profile puts pid and locale in the id token itself, not only in userinfo.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile', 'offline_access'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Only pairwise: a public sub would be the same for every client (and is the pid here).
    subjectTypes: ['pairwise'],
    // Pairwise per client (as ID-porten does), not per redirect host: two services on one host
    // must not be able to join their users. A client that registers a sector_identifier_uri
    // deliberately shares one sub across its clients in that sector.
    pairwiseIdentifier: (_ctx, accountId, client) =>
      createHmac('sha256', deps.pairwiseSalt)
        .update(
          `${client.sectorIdentifierUri ? `sector:${client.sectorIdentifier}` : `client:${client.clientId}`}\0${accountId}`,
        )
        .digest('base64url'),
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
      subject_type: 'pairwise',
    },
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256'],
      idTokenSigningAlgValues: ['RS256', 'PS256', 'ES256'],
      requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'PS256', 'ES256'],
      introspectionSigningAlgValues: ['RS256', 'PS256', 'ES256'],
      authorizationSigningAlgValues: ['RS256', 'PS256', 'ES256'],
      dPoPSigningAlgValues: ['ES256', 'PS256', 'RS256'],
    },
    allowOmittingSingleRegisteredRedirectUri: false,
    // Dynamic registration (RFC 7591/7592) is held to the rules the admin API applies. This runs
    // inside oidc-provider's own client validation, so no URL spelling can get around it.
    extraClientMetadata: {
      properties: [REGISTRATION_RULES_PROPERTY],
      validator: (ctx, key, value, metadata) => {
        if (value !== undefined)
          throw new errors.InvalidClientMetadata(`${key} is not a client metadata field`);
        const route = (ctx as KoaContextWithOIDC | undefined)?.oidc?.route;
        if (route !== 'registration' && route !== 'client_update') return;
        const problem = registrationProblem(metadata as unknown as Record<string, unknown>);
        if (problem) throw new errors.InvalidClientMetadata(problem);
      },
    },
    routes: PROVIDER_ROUTES,
    rotateRefreshToken: true,
    discovery: {
      ui_locales_supported: [...config.locales],
      claims_locales_supported: undefined,
      service_documentation: `${config.issuer}/openapi.json`,
    },
    ttl: {
      AccessToken: config.ttl.accessToken,
      AuthorizationCode: config.ttl.authorizationCode,
      IdToken: config.ttl.idToken,
      RefreshToken: config.ttl.refreshToken,
      Session: config.ttl.session,
      Interaction: config.ttl.interaction,
      Grant: config.ttl.grant,
      // A backchannel request lives as long as the push approval it waits for.
      BackchannelAuthenticationRequest: config.authenticator.requestTtlSeconds,
      ClientCredentials: config.ttl.accessToken,
      DeviceCode: 600,
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      jwtResponseModes: { enabled: true },
      dPoP: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          setPageHeaders(ctx);
          ctx.type = 'html';
          ctx.body = deps.renderPage('logout', pageContext(ctx, config), { title: 'Log out', form });
        },
        postLogoutSuccessSource: async (ctx) => {
          setPageHeaders(ctx);
          ctx.type = 'html';
          ctx.body = deps.renderPage('logout-done', pageContext(ctx, config), {});
        },
      },
      // A client may introspect and revoke only its own tokens; resource servers that need to
      // introspect others' tokens would be registered for that explicitly (not needed yet).
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => {
          if (token.clientId === client.clientId) return true;
          throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
        },
      },
      userinfo: { enabled: true },
      resourceIndicators: { enabled: false },
      // RFC 7591/7592, off unless DYNAMIC_REGISTRATION says otherwise; app.ts checks the
      // metadata against this provider's rules before oidc-provider sees it.
      registration: {
        enabled: config.dynamicRegistration !== 'off',
        initialAccessToken: config.dynamicRegistration === 'initial-access-token',
      },
      registrationManagement: {
        enabled: config.dynamicRegistration !== 'off',
        rotateRegistrationAccessToken: true,
      },
      claimsParameter: { enabled: false },
      // CIBA (poll and ping): login_hint = identity number, approved in the authenticator app.
      ...(deps.ciba
        ? {
            ciba: {
              enabled: true,
              deliveryModes: ['poll', 'ping'],
              processLoginHint: deps.ciba.processLoginHint,
              validateBindingMessage: deps.ciba.validateBindingMessage,
              validateRequestContext: deps.ciba.validateRequestContext,
              verifyUserCode: deps.ciba.verifyUserCode,
              triggerAuthenticationDevice: deps.ciba.triggerAuthenticationDevice,
            } as unknown as NonNullable<Configuration['features']>['ciba'],
          }
        : {}),
    },
    interactions: {
      policy: interactionPolicyWithAcrRules(),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    // Relying parties are registered by administrators, and end users of an eID do not consent
    // per scope: a registered client gets the OIDC scopes and claims it asks for.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      if (!oidc.session?.accountId || !oidc.client) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      const grant =
        (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
        new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
      const scopes = [...(oidc.requestParamOIDCScopes ?? [])].join(' ');
      const claims = [...(oidc.requestParamClaims ?? [])];
      const before = `${grant.getOIDCScope()}|${grant.getOIDCClaims().join(' ')}`;
      grant.addOIDCScope(scopes);
      grant.addOIDCClaims(claims);
      if (!grantId || before !== `${grant.getOIDCScope()}|${grant.getOIDCClaims().join(' ')}`)
        await grant.save();
      return grant;
    },
    findAccount: async (_ctx, id) => {
      const profile = await deps.accounts.get(id);
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          pid: id,
          locale: profile?.locale ?? config.defaultLocale,
          ...(profile?.givenName && profile.familyName
            ? {
                name: `${profile.givenName} ${profile.familyName}`,
                given_name: profile.givenName,
                family_name: profile.familyName,
              }
            : {}),
          ...(profile?.birthDate ? { birthdate: profile.birthDate } : {}),
        }),
      };
    },
    renderError: async (ctx, out, error) => {
      setPageHeaders(ctx);
      ctx.type = 'html';
      const expired = error instanceof errors.SessionNotFound;
      ctx.body = deps.renderPage('error', pageContext(ctx, config), {
        messageKey: expired ? 'errorpage.expired' : 'errorpage.body',
        details: { error: out.error, error_description: out.error_description },
      });
    },
    clientBasedCORS: (ctx, origin, client) => {
      // Browser-based (public) clients may call the token and userinfo endpoints from their
      // registered origins; confidential clients never need CORS.
      if (origin === 'null') return false;
      if (ctx.oidc.route !== 'userinfo' && client.clientAuthMethod !== 'none') return false;
      return (client.redirectUris ?? []).some((uri: string) => URL.parse(uri)?.origin === origin);
    },
  };

  const provider = new Provider(config.issuer, configuration);
  provider.proxy = config.trustProxy;
  // ID-porten issues `sid` in every id token so relying parties can match logout requests to
  // sessions; oidc-provider only does so for clients registered for back-channel logout with
  // session. This provider's Client class is its own, so the change stays inside it.
  (provider.Client.prototype as unknown as { includeSid: () => boolean }).includeSid = () => true;
  // Secrets of clients registered through the admin API are stored hashed (sha256$…); clients
  // from the file keep plain ones. Either way the comparison is constant-time.
  (
    provider.Client.prototype as unknown as { compareClientSecret: (s: string) => boolean }
  ).compareClientSecret = function (this: { clientSecret?: string }, presented: string) {
    return clientSecretMatches(this.clientSecret, presented);
  };
  // oidc-provider's replay check for client assertion and DPoP proof jtis is find-then-save, so
  // two concurrent requests with one jti could both pass; this makes the check one atomic write.
  const replay = new deps.adapter('ReplayDetection') as unknown as RedisAdapterInstance;
  (
    provider.ReplayDetection as unknown as {
      unique: (iss: string, jti: string, exp: number) => Promise<boolean>;
    }
  ).unique = async (iss, jti, exp) => {
    const id = createHash('sha256').update(`${iss}${jti}`).digest('base64url');
    const now = Math.floor(Date.now() / 1000);
    return replay.insertIfAbsent(
      id,
      { jti: id, iss, kind: 'ReplayDetection', iat: now, exp },
      Math.max(exp - now, 1),
    );
  };
  return provider;
}

function pageContext(ctx: KoaContextWithOIDC, config: Config) {
  return {
    locale: negotiateLocale(
      { choice: ctx.cookies.get('lang'), acceptLanguage: ctx.get('accept-language') },
      config.locales,
      config.defaultLocale,
    ),
    path: ctx.path,
  };
}

/**
 * The base policy plus three rules checked on every authorization request: state and nonce are
 * required; acr_values nobody can meet is an error (unmet_authentication_requirements) rather
 * than a silent downgrade; an existing session that is too weak goes back through the login,
 * and one that is strong enough is answered in the vocabulary asked for.
 */
function interactionPolicyWithAcrRules() {
  const policy = base();
  const login = policy.get('login')!;
  login.checks.add(
    new Check('required_parameters', 'state and nonce are required', (ctx) => {
      const { params } = ctx.oidc;
      if (!params?.state) throw new errors.InvalidRequest('state is required');
      if (!params.nonce) throw new errors.InvalidRequest('nonce is required');
      return Check.NO_NEED_TO_PROMPT;
    }),
    0,
  );
  login.checks.add(
    new Check('acr_values', 'the session does not meet the requested level of assurance', (ctx) => {
      const requirement = readAcrRequirement(ctx.oidc.params?.acr_values as string | undefined);
      if (!requirement.ok) throw new errors.UnmetAuthenticationRequirements(requirement.detail);
      const session = ctx.oidc.session;
      if (!session?.accountId) return Check.NO_NEED_TO_PROMPT; // no_session asks for login anyway
      const level = levelOf(session.acr);
      const wanted = level ? acrFor(requirement.value, level) : undefined;
      if (!wanted?.ok) return Check.REQUEST_PROMPT; // too weak (or unknown): log in again
      // Strong enough: answer in the vocabulary this request asked for, without a page (so
      // prompt=none works) and without touching the time of authentication.
      if (session.acr !== wanted.value) session.acr = wanted.value;
      return Check.NO_NEED_TO_PROMPT;
    }),
    1,
  );
  return policy;
}
