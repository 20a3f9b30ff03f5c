import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { loadSigningKeys } from '../../src/oidc/load-signing-keys.js';
import { loginThroughTestId, redeem } from '../support/authorize.js';
import { discover, privateKeyJwtClient } from '../support/relying-party.js';
import { startProvider } from '../support/start-provider.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'keys-'));

function pemFile(dir: string, name: string, kind: 'rsa' | 'ec', bits = 2048): string {
  const { privateKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: bits })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const file = join(dir, name);
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return file;
}

function jwksFile(dir: string, name: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ keys: [{ ...privateKey.export({ format: 'jwk' }), kid: name }] }));
  return file;
}

describe('signing keys', () => {
  test('development keys are generated once and reused, so restarts keep tokens valid', async () => {
    const dir = tmp();
    const first = await loadSigningKeys(undefined, dir);
    const second = await loadSigningKeys(undefined, dir);
    expect(first.generated).toBe(true);
    expect(first.keys.map((k) => k.kty).sort()).toEqual(['EC', 'RSA']);
    expect(second.keys.map((k) => k.kid)).toEqual(first.keys.map((k) => k.kid));
  });

  test('PEM files are read in order, each with a thumbprint kid', async () => {
    const dir = tmp();
    const keys = await loadSigningKeys(`${pemFile(dir, 'a.pem', 'rsa')},${pemFile(dir, 'b.pem', 'ec')}`, dir);
    expect(keys.generated).toBe(false);
    expect(keys.keys.map((k) => k.kty)).toEqual(['RSA', 'EC']);
    expect(keys.keys.every((k) => typeof k.kid === 'string' && k.kid.length > 20)).toBe(true);
  });

  test('weak or broken keys are refused with the variable named', async () => {
    const dir = tmp();
    await expect(loadSigningKeys(pemFile(dir, 'weak.pem', 'rsa', 1024), dir)).rejects.toThrow(
      'SIGNING_KEYS: RSA signing keys must be at least 2048 bits',
    );
    writeFileSync(join(dir, 'junk.pem'), 'not a key');
    await expect(loadSigningKeys(join(dir, 'junk.pem'), dir)).rejects.toThrow('SIGNING_KEYS:');
    writeFileSync(join(dir, 'public.json'), JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] }));
    await expect(loadSigningKeys(join(dir, 'public.json'), dir)).rejects.toThrow(/SIGNING_KEYS: .*d/);
    await expect(loadSigningKeys(join(dir, 'absent.json'), dir)).rejects.toThrow('SIGNING_KEYS: cannot read');
  });

  test('rotation: the new key signs, the old key still verifies tokens issued before', async () => {
    const dir = tmp();
    const oldKeys = jwksFile(dir, 'old.json');
    const rp = privateKeyJwtClient('rotation-rp');

    const before = await startProvider({ clients: [rp.metadata], env: { SIGNING_KEYS: oldKeys } });
    const cfgBefore = await discover(before.issuer, rp.metadata.client_id, await rp.auth());
    const oldToken = (await redeem(cfgBefore, await loginThroughTestId(cfgBefore))).id_token!;
    expect(decodeProtectedHeader(oldToken).kid).toBe('old.json');
    await before.stop();

    // Step 1 of a rotation: the new key first, the old one still published.
    const both = join(dir, 'both.json');
    const newKey = JSON.parse((await import('node:fs')).readFileSync(jwksFile(dir, 'new.json'), 'utf8'))
      .keys[0];
    const oldKey = JSON.parse((await import('node:fs')).readFileSync(oldKeys, 'utf8')).keys[0];
    writeFileSync(both, JSON.stringify({ keys: [newKey, oldKey] }));
    const after = await startProvider({
      clients: [rp.metadata],
      env: { SIGNING_KEYS: both },
      prefix: before.prefix,
      port: Number(new URL(before.issuer).port),
    });
    try {
      const cfgAfter = await discover(after.issuer, rp.metadata.client_id, await rp.auth());
      const newToken = (await redeem(cfgAfter, await loginThroughTestId(cfgAfter))).id_token!;
      expect(decodeProtectedHeader(newToken).kid).toBe('new.json');
      const jwks = (await (await fetch(`${after.issuer}/jwks`)).json()) as JSONWebKeySet;
      expect(jwks.keys.map((k) => k.kid)).toEqual(['new.json', 'old.json']);
      const keySet = createLocalJWKSet(jwks);
      await expect(jwtVerify(oldToken, keySet, { issuer: after.issuer })).resolves.toBeDefined();
      await expect(jwtVerify(newToken, keySet, { issuer: after.issuer })).resolves.toBeDefined();
    } finally {
      await after.cleanup();
    }
    void client;
  });
});
