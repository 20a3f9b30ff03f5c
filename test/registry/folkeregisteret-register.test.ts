import {
  createFolkeregisteretRegister,
  type FolkeregisteretOptions,
} from '../../src/registry/create-folkeregisteret-register.js';
import type { RegistryLogger } from '../../src/registry/registry-logger.js';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { fixedClock } from '../../src/shared/clock.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { startFakeFolkeregisteret, type FakeFolkeregisteret } from './support/fake-folkeregisteret.js';
import { startFakeMaskinporten, type FakeMaskinporten } from './support/fake-maskinporten.js';
import { folkeregisterDocument } from './support/folkeregister-document.js';

const PARTS = [
  'navn',
  'foedsel',
  'status',
  'statsborgerskap',
  'doedsfall',
  'utflytting',
  'legitimasjonsdokument',
];

/**
 * The real Folkeregisteret adapter over HTTP, against a fake Maskinporten that checks the JWT
 * grant as documented and a fake Folkeregisteret that answers in the documented shape.
 */
describe('Folkeregisteret adapter', () => {
  const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
  const persons = Object.values(sandboxPersons);
  const revoked = new Set<string>();
  // The fake reads this map on every request, so tests can add persons of their own.
  const documents: Record<string, Record<string, unknown>> = Object.fromEntries(
    persons.map((p) => [p.identityNumber, folkeregisterDocument(p)]),
  );
  let mp: FakeMaskinporten;
  let freg: FakeFolkeregisteret;
  let logs: { level: string; fields: Record<string, unknown>; message: string }[];

  beforeAll(async () => {
    mp = await startFakeMaskinporten({ clock, tokenLifetimeSeconds: 120 });
    freg = await startFakeFolkeregisteret({
      documents,
      isValidToken: (t) => !revoked.has(t) && mp.isValidToken(t),
    });
  });
  afterAll(async () => {
    await freg.close();
    await mp.close();
  });
  beforeEach(() => {
    logs = [];
  });

  const logger: RegistryLogger = {
    warn: (fields, message) => logs.push({ level: 'warn', fields, message }),
    info: (fields, message) => logs.push({ level: 'info', fields, message }),
  };
  const register = (overrides: Partial<FolkeregisteretOptions> = {}) =>
    createFolkeregisteretRegister({
      baseUrl: freg.baseUrl,
      maskinporten: {
        issuer: mp.issuer,
        tokenEndpoint: mp.tokenEndpoint,
        clientId: mp.clientId,
        keyId: mp.keyId,
        privateKey: mp.privateKey,
        scope: mp.scope,
      },
      requestTimeoutMs: 300,
      maxRetries: 2,
      backoffBaseMs: 5,
      breaker: { failureThreshold: 2, coolDownMs: 30_000 },
      clock,
      logger,
      ...overrides,
    });
  const lookupsOf = (pid: string) => freg.lookups.filter((l) => l.pid === pid);

  test('looks up several persons, each read from the documented shape, with one token', async () => {
    const reg = register();
    const grantsBefore = mp.grants.length;
    for (const person of persons) {
      expect(await reg.lookupPerson(person.identityNumber)).toEqual({ ok: true, value: person });
    }
    expect(mp.grants.length - grantsBefore).toBe(1);
    const seen = freg.lookups.slice(-persons.length);
    for (const l of seen) {
      expect(l.parts).toEqual(PARTS);
      expect(l.authorization).toMatch(/^Bearer \S+$/);
      expect(l.status).toBe(200);
    }
    expect(new Set(seen.map((l) => l.authorization)).size).toBe(1);
  });

  test('sends a JWT grant as Maskinporten documents it', async () => {
    const grantsBefore = mp.grants.length;
    await register().lookupPerson(sandboxPersons.active.identityNumber);
    const grant = mp.grants[grantsBefore]!;
    expect(grant.header).toMatchObject({ alg: 'RS256', kid: mp.keyId });
    expect(grant.payload).toMatchObject({ aud: mp.issuer, iss: mp.clientId, scope: mp.scope });
    expect(grant.payload.iat).toBe(Math.floor(clock.now().getTime() / 1000));
    expect(grant.payload.exp! - grant.payload.iat!).toBeLessThanOrEqual(120);
    expect(grant.payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(mp.rejections).toEqual([]);
  });

  test('accepts the key as PKCS#8 PEM too', async () => {
    const reg = register({
      maskinporten: {
        issuer: mp.issuer,
        tokenEndpoint: mp.tokenEndpoint,
        clientId: mp.clientId,
        keyId: mp.keyId,
        privateKey: mp.privateKeyPem,
        scope: mp.scope,
      },
    });
    expect(await reg.lookupPerson(sandboxPersons.dNumber.identityNumber)).toMatchObject({ ok: true });
  });

  test('caches the token until shortly before expiry, then fetches a new one', async () => {
    const reg = register();
    const pid = sandboxPersons.twoGivenNames.identityNumber;
    const grantsBefore = mp.grants.length;
    await reg.lookupPerson(pid);
    clock.advance(60_000);
    await reg.lookupPerson(pid);
    expect(mp.grants.length - grantsBefore).toBe(1);
    // 120 s token, renewed 30 s before expiry: at 91 s a new grant goes out.
    clock.advance(31_000);
    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: true });
    expect(mp.grants.length - grantsBefore).toBe(2);
    const [first, second, third] = lookupsOf(pid)
      .slice(-3)
      .map((l) => l.authorization);
    expect(second).toBe(first);
    expect(third).not.toBe(second);
  });

  test('shares one token request between concurrent lookups', async () => {
    const reg = register();
    const requestsBefore = mp.requests;
    const results = await Promise.all(persons.map((p) => reg.lookupPerson(p.identityNumber)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(mp.requests - requestsBefore).toBe(1);
  });

  test('404 is registry.not-found, without a retry', async () => {
    const pid = sandboxPersons.emigrated.identityNumber;
    freg.queue(pid, ['404']);
    const before = lookupsOf(pid).length;
    expect(await register().lookupPerson(pid)).toMatchObject({ ok: false, code: 'registry.not-found' });
    expect(lookupsOf(pid).length - before).toBe(1);
    const unknown = makeIdentityNumber({ birthDate: '1966-06-06', individual: 321 });
    expect(await register().lookupPerson(unknown)).toMatchObject({ ok: false, code: 'registry.not-found' });
  });

  test('input that cannot be an identity number never reaches the register', async () => {
    const before = freg.lookups.length;
    for (const bad of ['', '123', '1234567890a', '../../admin', '12345678901/x']) {
      expect(await register().lookupPerson(bad)).toMatchObject({ ok: false, code: 'registry.not-found' });
    }
    expect(freg.lookups.length).toBe(before);
  });

  test('500 twice, then 200: succeeds after retries', async () => {
    const person = sandboxPersons.hyphenatedSurname;
    freg.queue(person.identityNumber, ['500', '500']);
    const before = lookupsOf(person.identityNumber).length;
    expect(await register().lookupPerson(person.identityNumber)).toEqual({ ok: true, value: person });
    expect(
      lookupsOf(person.identityNumber)
        .slice(before)
        .map((l) => l.status),
    ).toEqual([500, 500, 200]);
    expect(logs.filter((l) => l.fields.event === 'registry.retry')).toHaveLength(2);
  });

  test('always 500: unavailable after the retry budget; the breaker opens, fails fast, and half-opens', async () => {
    const reg = register();
    const pid = sandboxPersons.ceased.identityNumber;
    freg.set(pid, '500');
    const count = () => lookupsOf(pid).length;
    const start = count();

    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: false, code: 'registry.unavailable' });
    expect(count() - start).toBe(3); // one attempt and two retries
    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: false, code: 'registry.unavailable' });
    expect(count() - start).toBe(6);
    expect(logs.some((l) => l.fields.event === 'registry.circuit-open')).toBe(true);

    // Open: every lookup fails fast, for any person, without HTTP.
    const fregBefore = freg.lookups.length;
    const tokenBefore = mp.requests;
    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: false, code: 'registry.unavailable' });
    expect(await reg.lookupPerson(sandboxPersons.active.identityNumber)).toMatchObject({
      ok: false,
      code: 'registry.unavailable',
    });
    expect(freg.lookups.length).toBe(fregBefore);
    expect(mp.requests).toBe(tokenBefore);

    // After the cool-down one trial goes out; it fails, so the breaker opens again.
    clock.advance(30_000);
    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: false, code: 'registry.unavailable' });
    expect(count() - start).toBe(9);
    expect(await reg.lookupPerson(sandboxPersons.active.identityNumber)).toMatchObject({
      code: 'registry.unavailable',
    });
    expect(freg.lookups.length).toBe(fregBefore + 3);

    // The register recovers: the next trial succeeds and the breaker closes.
    freg.set(pid, 'ok');
    clock.advance(30_000);
    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: true, value: { status: 'ceased' } });
    expect(await reg.lookupPerson(sandboxPersons.active.identityNumber)).toMatchObject({ ok: true });
  });

  test('a register that hangs: each attempt times out, and the lookup is unavailable', async () => {
    const pid = sandboxPersons.foreignPassport.identityNumber;
    freg.set(pid, 'hang');
    const before = lookupsOf(pid).length;
    const started = Date.now();
    const r = await register({ requestTimeoutMs: 150, maxRetries: 1 }).lookupPerson(pid);
    expect(r).toMatchObject({ ok: false, code: 'registry.unavailable' });
    expect(
      lookupsOf(pid)
        .slice(before)
        .map((l) => l.status),
    ).toEqual(['hang', 'hang']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(logs.find((l) => l.fields.event === 'registry.unavailable')?.fields.reason).toBe('timeout');
    freg.set(pid, 'ok');
  });

  test('a body that is not JSON is registry.invalid-response, without a retry', async () => {
    const pid = sandboxPersons.nordicLetters.identityNumber;
    freg.queue(pid, ['malformed']);
    const before = lookupsOf(pid).length;
    expect(await register().lookupPerson(pid)).toMatchObject({
      ok: false,
      code: 'registry.invalid-response',
    });
    expect(lookupsOf(pid).length - before).toBe(1);
  });

  test('Maskinporten 5xx is retried; a refused grant is not, and the register is never called', async () => {
    const pid = sandboxPersons.dNumber.identityNumber;
    mp.failNext.push(503);
    const before = mp.requests;
    expect(await register().lookupPerson(pid)).toMatchObject({ ok: true });
    expect(mp.requests - before).toBe(2);

    const fregBefore = freg.lookups.length;
    const wrongScope = register({
      maskinporten: {
        issuer: mp.issuer,
        tokenEndpoint: mp.tokenEndpoint,
        clientId: mp.clientId,
        keyId: mp.keyId,
        privateKey: mp.privateKey,
        scope: 'folkeregister:deling/offentligutenhjemmel',
      },
    });
    const requests = mp.requests;
    expect(await wrongScope.lookupPerson(pid)).toMatchObject({ ok: false, code: 'registry.unavailable' });
    expect(mp.requests - requests).toBe(1);
    expect(mp.rejections.at(-1)).toBe('scope not granted');
    expect(freg.lookups.length).toBe(fregBefore);
  });

  test('401 from the register: unavailable now, a fresh token on the next lookup', async () => {
    const reg = register();
    const pid = sandboxPersons.active.identityNumber;
    await reg.lookupPerson(pid);
    const token = lookupsOf(pid).at(-1)!.authorization!.slice('Bearer '.length);
    revoked.add(token);
    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: false, code: 'registry.unavailable' });
    expect(lookupsOf(pid).at(-1)!.status).toBe(401);
    expect(await reg.lookupPerson(pid)).toMatchObject({ ok: true });
    expect(lookupsOf(pid).at(-1)!.authorization).not.toBe(`Bearer ${token}`);
  });

  test('takes the number with spaces, as a user may type it', async () => {
    const pid = sandboxPersons.active.identityNumber;
    expect(await register().lookupPerson(`${pid.slice(0, 6)} ${pid.slice(6)}`)).toMatchObject({
      ok: true,
      value: { identityNumber: pid },
    });
  });

  test('a personstatus added after this was written is "other", and is logged without the person', async () => {
    const person = {
      ...sandboxPersons.active,
      identityNumber: makeIdentityNumber({ birthDate: '1985-03-14', individual: 250 }),
    };
    documents[person.identityNumber] = folkeregisterDocument({ ...person, registerStatus: 'nyStatus' });
    expect(await register().lookupPerson(person.identityNumber)).toMatchObject({
      ok: true,
      value: { status: 'other', registerStatus: 'nyStatus' },
    });
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: { event: 'registry.unknown-status', registerStatus: 'nyStatus' },
      }),
    ]);
  });

  test('the fake Maskinporten really refuses a replayed grant', async () => {
    await register().lookupPerson(sandboxPersons.active.identityNumber);
    const res = await fetch(mp.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: mp.grants.at(-1)!.assertion,
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant', error_description: 'jti reused' });
    mp.rejections.pop();
  });

  test('every grant Maskinporten received was valid and none was reused', () => {
    const unexpected = mp.rejections.filter((r) => r !== 'scope not granted');
    expect(unexpected).toEqual([]);
    const jtis = mp.grants.map((g) => g.payload.jti);
    expect(jtis.length).toBeGreaterThan(5);
    expect(new Set(jtis).size).toBe(jtis.length);
  });

  test('logs carry neither identity numbers nor tokens', async () => {
    const reg = register({ maxRetries: 1 });
    const pid = sandboxPersons.emigrated.identityNumber;
    freg.queue(pid, ['500', '500', '500', '500', 'malformed']);
    await reg.lookupPerson(pid);
    await reg.lookupPerson(pid);
    clock.advance(30_000);
    await reg.lookupPerson(pid);
    expect(logs.length).toBeGreaterThan(3);
    const text = JSON.stringify(logs);
    const secrets = [
      ...persons.map((p) => p.identityNumber),
      ...freg.lookups.map((l) => l.authorization?.slice('Bearer '.length)).filter((t): t is string => !!t),
    ];
    for (const s of secrets) expect(text).not.toContain(s);
    for (const p of persons) expect(text).not.toContain(p.familyName);
  });
});
