import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClients } from '../../src/oidc/load-clients.js';

const file = (clients: unknown) => {
  const f = join(mkdtempSync(join(tmpdir(), 'clients-')), 'clients.json');
  writeFileSync(f, typeof clients === 'string' ? clients : JSON.stringify(clients));
  return f;
};
const base = { client_id: 'nav', client_secret: 'x'.repeat(32), redirect_uris: ['https://nav.example/cb'] };

describe('clients file', () => {
  test('a valid file loads with defaults applied', () => {
    const [c] = loadClients(file([base]));
    expect(c).toMatchObject({
      client_id: 'nav',
      token_endpoint_auth_method: 'client_secret_basic',
      subject_type: 'pairwise',
      id_token_signed_response_alg: 'RS256',
    });
  });

  test('no file means no static clients', () => {
    expect(loadClients(undefined)).toEqual([]);
  });

  test.each([
    [
      'http redirect on a public host',
      { redirect_uris: ['http://nav.example/cb'] },
      'clients[0].redirect_uris.0: must use https',
    ],
    [
      'a fragment in the redirect',
      { redirect_uris: ['https://nav.example/cb#x'] },
      'clients[0].redirect_uris.0: must not contain a fragment',
    ],
    [
      'private_key_jwt without keys',
      { token_endpoint_auth_method: 'private_key_jwt', client_secret: undefined },
      'clients[0].jwks: private_key_jwt needs exactly one of jwks or jwks_uri',
    ],
    ['an unknown scope', { scope: 'openid email' }, 'clients[0].scope: unknown scope'],
    [
      'a private key in jwks',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        client_secret: undefined,
        jwks: { keys: [{ kty: 'RSA', n: 'a', e: 'AQAB', d: 'secret' }] },
      },
      'must be a public key',
    ],
    [
      'more than 5 keys',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        client_secret: undefined,
        jwks: { keys: Array(6).fill({ kty: 'RSA', n: 'a', e: 'AQAB' }) },
      },
      'at most 5 keys',
    ],
    [
      'a secret method without secret',
      { client_secret: undefined },
      'clients[0].client_secret: required for client_secret_basic',
    ],
    ['an unknown field', { colour: 'blue' }, 'colour'],
    [
      'pairwise across hosts without sector',
      { redirect_uris: ['https://a.example/cb', 'https://b.example/cb'] },
      'clients[0].sector_identifier_uri',
    ],
  ])('refuses %s, naming the field', (_what, change, message) => {
    expect(() => loadClients(file([{ ...base, ...change }]))).toThrow(message);
  });

  test('loopback http is allowed (native apps, local development)', () => {
    expect(() => loadClients(file([{ ...base, redirect_uris: ['http://127.0.0.1:8080/cb'] }]))).not.toThrow();
  });

  test('duplicate client ids and broken JSON are refused', () => {
    expect(() => loadClients(file([base, base]))).toThrow('client_id nav is registered twice');
    expect(() => loadClients(file('[{'))).toThrow('is not valid JSON');
  });
});
