import { loadConfig } from '../../config/load-config.js';
import { configRefusal, productionEnv } from '../support/production-config.js';

/** A production configuration that load-config.test.ts accepts (kept in step with it). */
const production = productionEnv;
const refusal = configRefusal;

const appAttest = {
  APP_ATTEST_ROOTS_FILE: '/etc/eid/apple-app-attestation-root.pem',
  APP_ATTEST_APP_IDS: 'ABCDE12345.no.eid.authenticator',
};

describe('App Attest configuration', () => {
  test('without the App Attest variables iOS stays unconfigured, in development and in production', () => {
    expect(loadConfig({}).authenticator.appAttest).toBeUndefined();
    expect(loadConfig(production).authenticator.appAttest).toBeUndefined();
  });

  test('root file and App IDs are read, the IDs trimmed, the environment production unless told', () => {
    const c = loadConfig({
      ...appAttest,
      APP_ATTEST_APP_IDS: 'ABCDE12345.no.eid.authenticator, ZZZZZ99999.no.eid.authenticator.beta',
    });
    expect(c.authenticator.appAttest).toEqual({
      rootsFile: '/etc/eid/apple-app-attestation-root.pem',
      appIds: ['ABCDE12345.no.eid.authenticator', 'ZZZZZ99999.no.eid.authenticator.beta'],
      environment: 'production',
    });
    expect(Object.isFrozen(c.authenticator.appAttest?.appIds)).toBe(true);
    expect(
      loadConfig({ ...appAttest, APP_ATTEST_ENVIRONMENT: 'development' }).authenticator.appAttest
        ?.environment,
    ).toBe('development');
  });

  test('a production configuration with App Attest in the production environment is accepted', () => {
    const c = loadConfig({ ...production, ...appAttest, APP_ATTEST_ENVIRONMENT: 'production' });
    expect(c.authenticator.appAttest).toMatchObject({ environment: 'production' });
  });

  test('production refuses the development environment, naming APP_ATTEST_ENVIRONMENT', () => {
    expect(refusal({ ...production, ...appAttest, APP_ATTEST_ENVIRONMENT: 'development' })).toMatch(
      /^ {2}- APP_ATTEST_ENVIRONMENT: development App Attest keys \(appattestdevelop\) are refused in production$/m,
    );
  });

  test.each([
    ['a bundle id without team', 'no.eid.authenticator'],
    ['a lower-case team id', 'abcde12345.no.eid.authenticator'],
    ['a short team id', 'ABCDE1234.no.eid.authenticator'],
    ['an empty entry', 'ABCDE12345.no.eid.authenticator,'],
    ['a space inside', 'ABCDE12345.no.eid authenticator'],
  ])('APP_ATTEST_APP_IDS: %s (%s) stops start-up naming the variable', (_what, value) => {
    expect(refusal({ ...appAttest, APP_ATTEST_APP_IDS: value })).toMatch(/^ {2}- APP_ATTEST_APP_IDS: /m);
  });

  test('an unknown environment stops start-up naming the variable', () => {
    expect(refusal({ ...appAttest, APP_ATTEST_ENVIRONMENT: 'staging' })).toMatch(
      /^ {2}- APP_ATTEST_ENVIRONMENT: /m,
    );
  });

  test.each([
    [
      'the root without App IDs',
      { APP_ATTEST_ROOTS_FILE: appAttest.APP_ATTEST_ROOTS_FILE },
      'APP_ATTEST_APP_IDS',
    ],
    [
      'App IDs without the root',
      { APP_ATTEST_APP_IDS: appAttest.APP_ATTEST_APP_IDS },
      'APP_ATTEST_ROOTS_FILE',
    ],
    ['an environment alone', { APP_ATTEST_ENVIRONMENT: 'production' }, 'APP_ATTEST_ENVIRONMENT'],
  ])('half a configuration (%s) stops start-up, naming %s', (_what, env, variable) => {
    expect(refusal(env)).toMatch(new RegExp(`^ {2}- ${variable}: `, 'm'));
    expect(refusal({ ...production, ...env })).toMatch(new RegExp(`^ {2}- ${variable}: `, 'm'));
  });
});

describe('Android attestation status list configuration', () => {
  test("defaults to Google's list and a day's allowed age", () => {
    expect(loadConfig({}).authenticator.attestationStatus).toEqual({
      url: 'https://android.googleapis.com/attestation/status',
      maxAgeSeconds: 86400,
    });
  });

  test('takes another URL (a mirror) and age, or off outside production', () => {
    const c = loadConfig({
      ATTESTATION_STATUS_URL: 'https://mirror.internal/attestation/status',
      ATTESTATION_STATUS_MAX_AGE: '7200',
    });
    expect(c.authenticator.attestationStatus).toEqual({
      url: 'https://mirror.internal/attestation/status',
      maxAgeSeconds: 7200,
    });
    expect(loadConfig({ ATTESTATION_STATUS_URL: 'off' }).authenticator.attestationStatus.url).toBe('off');
  });

  test("production refuses off and any URL but Google's, naming ATTESTATION_STATUS_URL", () => {
    expect(refusal({ ...production, ATTESTATION_STATUS_URL: 'off' })).toMatch(
      /^ {2}- ATTESTATION_STATUS_URL: production checks Android attestation keys against Google's list \(https:\/\/android\.googleapis\.com\/attestation\/status\); off is refused$/m,
    );
    expect(
      refusal({ ...production, ATTESTATION_STATUS_URL: 'https://mirror.internal/attestation/status' }),
    ).toMatch(/^ {2}- ATTESTATION_STATUS_URL: .*; another URL is refused$/m);
    expect(loadConfig(production).authenticator.attestationStatus.url).toBe(
      'https://android.googleapis.com/attestation/status',
    );
  });

  test.each([
    ['ATTESTATION_STATUS_URL', 'ftp://example.com/status'],
    ['ATTESTATION_STATUS_URL', 'not a url'],
    ['ATTESTATION_STATUS_MAX_AGE', '60'],
    ['ATTESTATION_STATUS_MAX_AGE', String(8 * 86400)],
  ])('refuses %s=%s', (variable, value) => {
    expect(refusal({ [variable]: value })).toMatch(new RegExp(`^ {2}- ${variable}: `, 'm'));
  });
});
