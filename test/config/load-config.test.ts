import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { configRefusal, productionEnv } from '../support/production-config.js';

const production = productionEnv;
const refusal = configRefusal;

describe('configuration', () => {
  test('defaults give a development sandbox on port 3000 with the in-memory store', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      issuer: 'http://localhost:3000',
      redisUrl: undefined,
      sandbox: true,
      locales: ['nb', 'nn', 'en', 'se'],
      adapters: { registry: 'sandbox', payment: 'sandbox', push: 'sandbox', faceMatch: 'sandbox' },
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.ttl)).toBe(true);
  });

  test('ISSUER follows PORT unless set', () => {
    expect(loadConfig({ PORT: '8080' }).issuer).toBe('http://localhost:8080');
  });

  test('a complete production configuration is accepted', () => {
    const c = loadConfig(production);
    expect(c).toMatchObject({ env: 'production', sandbox: false, adapters: { registry: 'real' } });
  });

  test.each([
    ['the in-memory store', { REDIS_URL: undefined }, 'REDIS_URL'],
    ['generated keys', { SIGNING_KEYS: undefined }, 'SIGNING_KEYS'],
    ['missing cookie keys', { COOKIE_KEYS: undefined }, 'COOKIE_KEYS'],
    ['a missing pairwise salt', { PAIRWISE_SALT: undefined }, 'PAIRWISE_SALT'],
    ['sandbox mode', { SANDBOX: 'true' }, 'SANDBOX'],
    ['a sandbox register adapter', { REGISTRY_ADAPTER: 'sandbox' }, 'REGISTRY_ADAPTER'],
    ['a sandbox payment adapter', { PAYMENT_ADAPTER: 'sandbox' }, 'PAYMENT_ADAPTER'],
    ['a sandbox push adapter', { PUSH_ADAPTER: 'sandbox' }, 'PUSH_ADAPTER'],
    ['a sandbox face-match adapter', { FACE_MATCH_ADAPTER: 'sandbox' }, 'FACE_MATCH_ADAPTER'],
    ['an http issuer', { ISSUER: 'http://eid.example.no' }, 'ISSUER'],
    ['open dynamic registration', { DYNAMIC_REGISTRATION: 'open' }, 'DYNAMIC_REGISTRATION'],
    ['the sandbox attestation verifier', { ATTESTATION_ADAPTER: 'sandbox' }, 'ATTESTATION_ADAPTER'],
    ['device keys without attestation', { ATTESTATION_MINIMUM: 'none' }, 'ATTESTATION_MINIMUM'],
    ['device keys in a software keystore', { ATTESTATION_MINIMUM: 'software' }, 'ATTESTATION_MINIMUM'],
  ])('production refuses %s, naming %s', (_what, change, variable) => {
    expect(refusal({ ...production, ...change })).toMatch(new RegExp(`^  - ${variable}: `, 'm'));
  });

  test.each([
    ['the Folkeregisteret settings', { FREG_BASE_URL: undefined }, 'FREG_BASE_URL'],
    ['the Adyen test endpoint', { ADYEN_BASE_URL: 'https://checkout-test.adyen.com/v71' }, 'ADYEN_BASE_URL'],
    ['test payments', { ADYEN_LIVE: 'false' }, 'ADYEN_LIVE'],
    ['a face-match vendor without JWKS', { FACE_MATCH_JWKS_URL: undefined }, 'FACE_MATCH_JWKS_URL'],
    ['an empty passport trust store', { PASSPORT_MASTER_LIST_FILES: undefined }, 'PASSPORT_CSCA_FILES'],
  ])('registration: production refuses %s, naming %s', (_what, change, variable) => {
    expect(refusal({ ...production, ...change })).toMatch(new RegExp(`^  - ${variable}: `, 'm'));
  });

  test('production without SANDBOX set is not a sandbox', () => {
    const { SANDBOX: _s, ...rest } = production;
    expect(loadConfig(rest).sandbox).toBe(false);
  });

  test.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['REDIS_URL', 'http://redis'],
    ['LOCALES', 'nb,de'],
    ['DEFAULT_LOCALE', 'sv'],
    ['SANDBOX', 'maybe'],
    ['ACCESS_TOKEN_TTL', '-5'],
    ['AUTHORIZATION_CODE_TTL', '3600'],
    ['REDIS_PREFIX', 'Has Spaces'],
    ['ADMIN_CREDENTIALS', 'root:superuser:plain'],
    ['NODE_ENV', 'staging'],
  ])('a bad %s (%s) stops start-up with a message naming it', (variable, value) => {
    expect(refusal({ [variable]: value })).toContain(`${variable}:`);
  });

  test('short cookie keys are refused', () => {
    expect(refusal({ COOKIE_KEYS: 'short' })).toContain(
      'COOKIE_KEYS: each key must be at least 32 characters',
    );
  });

  test('DEFAULT_LOCALE must be one of LOCALES', () => {
    expect(refusal({ LOCALES: 'nb,en', DEFAULT_LOCALE: 'se' })).toContain('DEFAULT_LOCALE');
  });

  test('a config file is read, and the environment overrides it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 4000, DEFAULT_LOCALE: 'en' }));
    expect(loadConfig({ CONFIG_FILE: file })).toMatchObject({ port: 4000, defaultLocale: 'en' });
    expect(loadConfig({ CONFIG_FILE: file, PORT: '5000' }).port).toBe(5000);
    writeFileSync(file, '[1,2]');
    expect(refusal({ CONFIG_FILE: file })).toContain('CONFIG_FILE');
    expect(refusal({ CONFIG_FILE: join(dir, 'missing.json') })).toContain('CONFIG_FILE: cannot read');
  });

  test('admin credentials are parsed into name, role and hash', () => {
    const a = 'scrypt$' + 'A'.repeat(22) + '$' + 'B'.repeat(43);
    const b = 'scrypt$' + 'C'.repeat(22) + '$' + 'D'.repeat(43);
    const c = loadConfig({ ADMIN_CREDENTIALS: `ops:admin:${a},helpdesk:support:${b}` });
    expect(c.adminCredentials).toEqual([
      { name: 'ops', role: 'admin', secretHash: a },
      { name: 'helpdesk', role: 'support', secretHash: b },
    ]);
  });

  test('a truncated admin hash is refused at start-up (it would otherwise compare zero bytes)', () => {
    expect(refusal({ ADMIN_CREDENTIALS: 'ops:admin:scrypt$c2FsdA$A' })).toContain('ADMIN_CREDENTIALS:');
  });
});
