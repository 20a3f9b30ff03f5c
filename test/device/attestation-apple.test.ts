import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { AppleAppAttestOptions } from '../../src/device/attestation/apple-app-attest-options.js';
import { APP_ATTEST_AAGUID } from '../../src/device/attestation/apple-app-attest-trust.js';
import { createKeyAttestationVerifier } from '../../src/device/attestation/create-key-attestation-verifier.js';
import { fixedClock } from '../../src/shared/clock.js';
import {
  AAGUID,
  encodeAppleAttestationObject,
  makeAppleAttestation,
  makeAppleTestIntermediate,
  makeAppleTestRoot,
  type AppleAttestationFixture,
} from './attestation-support/apple-attestation-factory.js';
import { makeTestRoot } from './attestation-support/android-attestation-factory.js';
import { der } from './attestation-support/der-builder.js';
import { enrolOverHttp } from './attestation-support/enrol-over-http.js';
import { pidFor } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const APP_ID = 'ABCDE12345.no.eid.authenticator';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('Apple App Attest verifier', () => {
  const clock = fixedClock(NOW);
  const root = makeAppleTestRoot();
  const otherRoot = makeAppleTestRoot('Someone Else Root');
  const androidRoot = makeTestRoot();
  const verifier = (apple: Partial<AppleAppAttestOptions> = {}) =>
    createKeyAttestationVerifier(
      {
        android: { trustedRoots: [androidRoot.pem] },
        apple: { trustedRoots: [root.pem], appIds: [APP_ID], environment: 'production', ...apple },
      },
      clock,
    );

  let challenge: Uint8Array;
  beforeEach(() => {
    clock.set(NOW);
    challenge = new Uint8Array(randomBytes(32));
  });

  const attest = (spec: Partial<Parameters<typeof makeAppleAttestation>[1]> = {}) =>
    makeAppleAttestation(root, { challenge, appId: APP_ID, now: NOW, ...spec });
  const request = (fixture: AppleAttestationFixture, overrides: object = {}) => ({
    platform: 'ios' as const,
    publicKeySpki: fixture.devicePublicKeySpki,
    attestation: fixture.attestation,
    challenge: Buffer.from(challenge).toString('base64url'),
    ...overrides,
  });
  /** The code, and where several checks share it, the detail that names the check. */
  const refused = async (r: Promise<unknown>, code: string, detail?: RegExp) =>
    expect(await r).toMatchObject({
      ok: false,
      code,
      ...(detail ? { detail: expect.stringMatching(detail) } : {}),
    });

  it('accepts an attestation made by our app for this challenge and device key as hardware', async () => {
    const fixture = attest();

    const r = await verifier().verify(request(fixture));

    expect(r).toEqual({
      ok: true,
      value: {
        level: 'hardware',
        details: {
          format: 'apple-appattest',
          appId: APP_ID,
          environment: 'production',
          keyId: fixture.keyId,
          receiptLength: fixture.receipt.length,
          receiptSha256: createHash('sha256').update(fixture.receipt).digest('hex'),
          rootFingerprint: createHash('sha256').update(root.der).digest('hex'),
        },
      },
    });
  });

  it('accepts the challenge as raw bytes and the attestation as base64url, and any configured App ID', async () => {
    const fixture = attest({ appId: 'ZZZZZ99999.no.eid.authenticator.beta' });
    const r = await verifier({ appIds: [APP_ID, 'ZZZZZ99999.no.eid.authenticator.beta'] }).verify(
      request(fixture, {
        challenge,
        attestation: Buffer.from(fixture.attestationObject).toString('base64url'),
      }),
    );
    expect(r.ok && r.value.details.appId).toBe('ZZZZZ99999.no.eid.authenticator.beta');
  });

  it('accepts development keys only where the development environment is configured', async () => {
    const fixture = attest({ environment: 'development' });
    const r = await verifier({ environment: 'development' }).verify(request(fixture));
    expect(r.ok && r.value).toMatchObject({ level: 'hardware', details: { environment: 'development' } });
    // ...and a production key is then refused the same way.
    await refused(
      verifier({ environment: 'development' }).verify(request(attest())),
      'attestation.application-mismatch',
    );
  });

  describe('the certificate chain', () => {
    it('refuses a chain that ends at a root nobody configured', async () => {
      const fixture = makeAppleAttestation(otherRoot, { challenge, appId: APP_ID, now: NOW });
      await refused(verifier().verify(request(fixture)), 'attestation.untrusted-root');
    });

    it('refuses a credential certificate whose signature does not verify', async () => {
      const fixture = attest();
      const credCert = Uint8Array.from(fixture.credCert);
      credCert[credCert.length - 1] = credCert[credCert.length - 1]! ^ 0x01;
      const broken = encodeAppleAttestationObject({
        x5c: [credCert, fixture.intermediateCert],
        receipt: fixture.receipt,
        authData: fixture.authData,
      });
      await refused(
        verifier().verify(request(fixture, { attestation: b64(broken) })),
        'attestation.chain-invalid',
      );
    });

    it('refuses a credential certificate paired with another intermediate of the same root', async () => {
      const fixture = attest();
      const otherIntermediate = makeAppleTestIntermediate(root);
      const swapped = encodeAppleAttestationObject({
        x5c: [fixture.credCert, otherIntermediate.der],
        receipt: fixture.receipt,
        authData: fixture.authData,
      });
      await refused(
        verifier().verify(request(fixture, { attestation: b64(swapped) })),
        'attestation.chain-invalid',
        /not signed by the intermediate/,
      );
    });

    it('refuses a chain whose second certificate is no CA (a leaf cannot issue)', async () => {
      const first = attest();
      const second = attest();
      const leafAsIssuer = encodeAppleAttestationObject({
        x5c: [first.credCert, second.credCert],
        receipt: first.receipt,
        authData: first.authData,
      });
      await refused(
        verifier().verify(request(first, { attestation: b64(leafAsIssuer) })),
        'attestation.chain-invalid',
        /intermediate is not a CA/,
      );
    });

    it('refuses an expired credential certificate by the injected clock', async () => {
      const fixture = attest({ credCertNotAfter: new Date('2026-03-02T00:00:00Z') });
      expect((await verifier().verify(request(fixture))).ok).toBe(true);
      clock.set(new Date('2026-03-03T00:00:00Z'));
      await refused(
        verifier().verify(request(fixture)),
        'attestation.chain-invalid',
        /a certificate is not valid/,
      );
    });

    it('refuses when the configured root itself is outside its validity', async () => {
      const expiring = makeAppleTestRoot('Short Root', { notAfter: new Date('2026-06-01T00:00:00Z') });
      const fixture = makeAppleAttestation(expiring, {
        challenge,
        appId: APP_ID,
        now: NOW,
        credCertNotAfter: new Date('2027-01-01T00:00:00Z'),
      });
      const v = verifier({ trustedRoots: [expiring.pem] });
      expect((await v.verify(request(fixture))).ok).toBe(true);
      clock.set(new Date('2026-06-02T00:00:00Z'));
      await refused(v.verify(request(fixture)), 'attestation.chain-invalid', /root is not valid/);
    });

    it('refuses x5c with other than two certificates', async () => {
      const fixture = attest();
      for (const x5c of [[fixture.credCert], [fixture.credCert, fixture.intermediateCert, root.der]]) {
        const object = encodeAppleAttestationObject({
          x5c,
          receipt: fixture.receipt,
          authData: fixture.authData,
        });
        await refused(
          verifier().verify(request(fixture, { attestation: b64(object) })),
          'attestation.malformed',
        );
      }
    });
  });

  describe('the nonce', () => {
    it('refuses an attestation made for another challenge', async () => {
      const fixture = attest({ challenge: new Uint8Array(randomBytes(32)) });
      await refused(verifier().verify(request(fixture)), 'attestation.challenge-mismatch');
    });

    it('refuses an attestation that binds another device key (the JWS key is not the attested one)', async () => {
      const fixture = attest();
      const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
      const otherSpki = otherKey.export({ type: 'spki', format: 'der' }).toString('base64');
      await refused(
        verifier().verify(request(fixture, { publicKeySpki: otherSpki })),
        'attestation.challenge-mismatch',
      );
    });

    it('refuses authData changed after Apple certified it', async () => {
      const fixture = attest();
      const authData = Uint8Array.from(fixture.authData);
      authData[authData.length - 1] = authData[authData.length - 1]! ^ 0x01; // inside the COSE key
      const changed = encodeAppleAttestationObject({
        x5c: [fixture.credCert, fixture.intermediateCert],
        receipt: fixture.receipt,
        authData,
      });
      await refused(
        verifier().verify(request(fixture, { attestation: b64(changed) })),
        'attestation.challenge-mismatch',
      );
    });

    it('refuses a credential certificate without a well-formed nonce extension', async () => {
      const nonce = new Uint8Array(32);
      for (const value of [
        der.octets(nonce), // no SEQUENCE
        der.seq(der.explicit(2, der.octets(nonce))), // [2] instead of [1]
        der.seq(der.explicit(1, der.octets(nonce.subarray(0, 16)))), // not a SHA-256
        der.concat([der.seq(der.explicit(1, der.octets(nonce))), Uint8Array.of(0)]), // trailing byte
      ]) {
        const fixture = attest({ nonceExtensionValue: value });
        await refused(verifier().verify(request(fixture)), 'attestation.malformed', /nonce extension/);
      }
    });
  });

  it('refuses a key made by another app (rpIdHash of another App ID)', async () => {
    const fixture = attest({ appId: 'ABCDE12345.com.example.other' });
    await refused(verifier().verify(request(fixture)), 'attestation.application-mismatch');
  });

  it('refuses a development key where production is required', async () => {
    const fixture = attest({ environment: 'development' });
    const r = await verifier().verify(request(fixture));
    expect(r).toMatchObject({ ok: false, code: 'attestation.application-mismatch' });
    expect(!r.ok && r.detail).toMatch(/development/);
  });

  it('refuses an AAGUID that is no App Attest AAGUID', async () => {
    const fixture = attest({ aaguid: Buffer.alloc(16) });
    await refused(verifier().verify(request(fixture)), 'attestation.malformed', /AAGUID/);
  });

  it('refuses a key whose counter is not 0 (it has already made assertions)', async () => {
    const fixture = attest({ counter: 1 });
    await refused(verifier().verify(request(fixture)), 'attestation.malformed', /counter/);
  });

  it('refuses authData whose credentialId is not the certified key identifier', async () => {
    const fixture = attest({ credentialId: new Uint8Array(randomBytes(32)) });
    await refused(verifier().verify(request(fixture)), 'attestation.key-mismatch');
    const short = attest({ credentialId: new Uint8Array(randomBytes(16)) });
    await refused(verifier().verify(request(short)), 'attestation.key-mismatch');
  });

  describe('the attestation object', () => {
    it('refuses another attestation format', async () => {
      const fixture = attest();
      const packed = encodeAppleAttestationObject({
        fmt: 'packed',
        x5c: [fixture.credCert, fixture.intermediateCert],
        receipt: fixture.receipt,
        authData: fixture.authData,
      });
      await refused(
        verifier().verify(request(fixture, { attestation: b64(packed) })),
        'attestation.unsupported-format',
      );
    });

    it('refuses malformed CBOR, trailing bytes, a missing receipt, and authData too short', async () => {
      const fixture = attest();
      const bodies: [Uint8Array, RegExp][] = [
        [Buffer.from('not cbor at all'), /CBOR/],
        [Buffer.concat([fixture.attestationObject, Buffer.of(0)]), /trailing bytes/],
        [fixture.attestationObject.subarray(0, fixture.attestationObject.length - 1), /CBOR/],
        [
          Buffer.concat([Buffer.of(0xbf), fixture.attestationObject.subarray(1), Buffer.of(0xff)]),
          /indefinite/,
        ],
        [
          encodeAppleAttestationObject({
            x5c: [fixture.credCert, fixture.intermediateCert],
            authData: fixture.authData,
          }),
          /receipt/,
        ],
        [
          encodeAppleAttestationObject({
            x5c: [fixture.credCert, fixture.intermediateCert],
            receipt: fixture.receipt,
            authData: fixture.authData.subarray(0, 40),
          }),
          /authData: too short/,
        ],
      ];
      for (const [body, detail] of bodies) {
        await refused(
          verifier().verify(request(fixture, { attestation: b64(body) })),
          'attestation.malformed',
          detail,
        );
      }
    });

    it('refuses oversized input before decoding it', async () => {
      const fixture = attest();
      const padded = encodeAppleAttestationObject({
        x5c: [fixture.credCert, fixture.intermediateCert],
        receipt: new Uint8Array(40_000),
        authData: fixture.authData,
      });
      await refused(
        verifier().verify(request(fixture, { attestation: b64(padded) })),
        'attestation.malformed',
      );
      // Above the request schema's bound the request itself is refused.
      const huge = Buffer.alloc(70_000).toString('base64');
      await refused(verifier().verify(request(fixture, { attestation: huge })), 'attestation.malformed');
      // A byte string that claims more bytes than there are.
      const lying = Buffer.of(0xa1, 0x63, 0x66, 0x6d, 0x74, 0x5a, 0x7f, 0xff, 0xff, 0xff);
      await refused(
        verifier().verify(request(fixture, { attestation: b64(lying) })),
        'attestation.malformed',
      );
    });

    it('answers attestation.missing for an iOS key without an attestation object', async () => {
      await refused(verifier().verify(request(attest(), { attestation: undefined })), 'attestation.missing');
    });

    it('never throws on mutated or truncated objects, and never accepts a changed one', async () => {
      const fixture = attest();
      const bytes = Buffer.from(fixture.attestationObject);
      // The receipt is the one part nothing vouches for (Apple's fraud service reads it).
      const receiptAt = bytes.indexOf(Buffer.from(fixture.receipt));
      const v = verifier();
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: bytes.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          fc.boolean(),
          async (at, xor, truncate) => {
            const mutated = Buffer.from(bytes);
            if (!truncate) mutated[at] = mutated[at]! ^ xor;
            const sent = truncate ? mutated.subarray(0, at) : mutated;
            const r = await v.verify(request(fixture, { attestation: sent.toString('base64') }));
            const inReceipt = at >= receiptAt && at < receiptAt + fixture.receipt.length;
            if (truncate || !inReceipt) expect(r.ok).toBe(false);
            if (!r.ok) expect(r.code).toMatch(/^attestation\./);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('configuration', () => {
    it('keeps refusing iOS when App Attest is not configured', async () => {
      const v = createKeyAttestationVerifier({ android: { trustedRoots: [androidRoot.pem] } }, clock);
      await refused(v.verify(request(attest())), 'attestation.unsupported-format');
    });

    it('refuses to start without a usable root, App IDs or environment', () => {
      const make = (apple: Partial<AppleAppAttestOptions>) => () => verifier(apple);
      expect(make({ trustedRoots: [] })).toThrow(/no App Attest root/);
      expect(make({ trustedRoots: ['not pem'] })).toThrow(/not PEM/);
      const publicKeyPem = root.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(make({ trustedRoots: [publicKeyPem] })).toThrow(/expected a CERTIFICATE/);
      expect(make({ appIds: [] })).toThrow(/no App Attest app IDs/);
      expect(make({ appIds: ['no.eid.authenticator'] })).toThrow(/TeamID\.bundleId/);
      expect(make({ environment: 'staging' as never })).toThrow(/production or development/);
    });

    it("in production accepts only a self-issued root named like Apple's App Attest root", () => {
      const strict = (r: { pem: string }) => () =>
        verifier({ trustedRoots: [r.pem], requireAppleRootName: true });
      // The test root's name, or another Apple root (WebAuthn uses the same nonce extension).
      expect(strict(root)).toThrow(/must be Apple's self-issued "Apple App Attestation Root CA"/);
      expect(strict(makeAppleTestRoot('Apple WebAuthn Root CA'))).toThrow(/must be Apple's/);
      expect(strict(makeAppleTestRoot('Apple App Attestation Root CA'))).not.toThrow();
    });

    it('uses the AAGUIDs Apple documents', () => {
      expect(APP_ATTEST_AAGUID.production.toString('hex')).toBe(
        `${Buffer.from('appattest').toString('hex')}${'00'.repeat(7)}`,
      );
      expect(APP_ATTEST_AAGUID.development.toString('ascii')).toBe('appattestdevelop');
      expect(AAGUID).toEqual(APP_ATTEST_AAGUID); // the factory builds what the verifier expects
    });
  });
});

/**
 * The whole path an iPhone takes: challenge → JWS signed by the device key carrying the App
 * Attest object → device stored with level hardware. Configured through the real variables.
 */
describe('iOS enrolment through the app API with App Attest configured', () => {
  const appleRoot = makeAppleTestRoot();
  let op: RunningProvider;
  let day = 0;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-attest-'));
    const appleRootFile = join(dir, 'apple-app-attestation-root.pem');
    const androidRootFile = join(dir, 'android-attestation-roots.pem');
    writeFileSync(appleRootFile, appleRoot.pem);
    writeFileSync(androidRootFile, makeTestRoot().pem);
    op = await startProvider({
      env: {
        ATTESTATION_ADAPTER: 'real',
        ATTESTATION_ROOTS_FILE: androidRootFile,
        ATTESTATION_MINIMUM: 'hardware',
        // Android's revocation list is not this test's subject (and Google is out of reach here).
        ATTESTATION_STATUS_URL: 'off',
        APP_ATTEST_ROOTS_FILE: appleRootFile,
        APP_ATTEST_APP_IDS: APP_ID,
        APP_ATTEST_ENVIRONMENT: 'production',
      },
    });
  });
  afterAll(() => op.cleanup());

  type Device = { readonly publicKey: KeyObject; readonly privateKey: KeyObject };
  /** Enrols a new iPhone; `evidence` makes the attestation from the issued challenge. */
  const enrol = (evidence: (challenge: Uint8Array, device: Device) => string | undefined) =>
    enrolOverHttp(op, {
      pid: pidFor(`1985-02-${String(++day).padStart(2, '0')}`),
      platform: 'ios',
      phone: (challenge) => {
        const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return { privateKey: device.privateKey, attestation: evidence(challenge, device) };
      },
    });
  const genuine = (challenge: Uint8Array, device: Device) =>
    makeAppleAttestation(appleRoot, { challenge, appId: APP_ID, now: new Date(), device }).attestation;

  test('a genuine app instance enrols its Secure Enclave key at level hardware', async () => {
    const r = await enrol(genuine);
    expect(r).toMatchObject({
      status: 201,
      body: { status: 'pending_activation', attestation_level: 'hardware' },
    });
    expect(r.body.device_id).toMatch(/^d_/);
  });

  test('an attestation made for another challenge is refused with its code', async () => {
    const r = await enrol((_challenge, device) => genuine(new Uint8Array(randomBytes(32)), device));
    expect(r).toMatchObject({ status: 400, body: { error: 'attestation.challenge-mismatch' } });
  });

  test('a genuine attestation relayed for a key of the attacker’s own is refused', async () => {
    const r = await enrol((challenge) =>
      genuine(challenge, generateKeyPairSync('ec', { namedCurve: 'P-256' })),
    );
    expect(r).toMatchObject({ status: 400, body: { error: 'attestation.challenge-mismatch' } });
  });

  test('an iPhone without an attestation object is refused', async () => {
    const r = await enrol(() => undefined);
    expect(r).toMatchObject({ status: 400, body: { error: 'attestation.missing' } });
  });

  test('a key from another root is refused', async () => {
    const r = await enrol(
      (challenge, device) =>
        makeAppleAttestation(makeAppleTestRoot('Other Root'), {
          challenge,
          appId: APP_ID,
          now: new Date(),
          device,
        }).attestation,
    );
    expect(r).toMatchObject({ status: 400, body: { error: 'attestation.untrusted-root' } });
  });
});
