import * as client from 'openid-client';
import { Browser } from './browser.js';
import { pidFor, REDIRECT_URI, testIdLogin } from './relying-party.js';

/** An authorization URL (through PAR unless `par: false`) with fresh PKCE, state and nonce. */
export async function authorizationUrl(
  config: client.Configuration,
  params: Record<string, string> = {},
  opts: { par?: boolean } = {},
) {
  const verifier = client.randomPKCECodeVerifier();
  const all = {
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: client.randomState(),
    nonce: client.randomNonce(),
    ...params,
  };
  const url =
    opts.par === false
      ? client.buildAuthorizationUrl(config, all)
      : await client.buildAuthorizationUrlWithPAR(config, all);
  return { url, verifier, state: all.state, nonce: all.nonce };
}

export interface LoginResult {
  callback: URL;
  verifier: string;
  state: string;
  nonce: string;
  pid: string;
  browser: Browser;
}

/**
 * One login as a relying party does it: PAR (or a plain authorization URL), PKCE, state, nonce,
 * then the TestID pages in `browser`. Returns what the RP needs to redeem the code.
 */
export async function loginThroughTestId(
  config: client.Configuration,
  params: Record<string, string> = {},
  opts: {
    dpop?: client.DPoPHandle;
    browser?: Browser;
    pid?: string;
    par?: boolean;
    level?: 'high' | 'substantial';
  } = {},
): Promise<LoginResult> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const all = {
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  };
  const url =
    opts.par === false
      ? client.buildAuthorizationUrl(config, all)
      : await client
          .buildAuthorizationUrlWithPAR(config, all, opts.dpop ? { DPoP: opts.dpop } : undefined)
          .catch((e) => {
            throw new Error(
              `PAR failed: ${e.error ?? e.message}: ${e.error_description ?? e.cause?.message ?? ''}`,
            );
          });
  const browser = opts.browser ?? new Browser();
  const pid = opts.pid ?? pidFor();
  const { callback } = await testIdLogin(browser, url, pid, { level: opts.level ?? 'high' });
  return { callback, verifier, state, nonce, pid, browser };
}

export async function redeem(config: client.Configuration, r: LoginResult, dpop?: client.DPoPHandle) {
  return client.authorizationCodeGrant(
    config,
    r.callback,
    { pkceCodeVerifier: r.verifier, expectedState: r.state, expectedNonce: r.nonce, idTokenExpected: true },
    undefined,
    dpop ? { DPoP: dpop } : undefined,
  );
}
