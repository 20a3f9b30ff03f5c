import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { fixedClock } from '../../src/shared/clock.js';
import type { AndroidKeyAttestationOptions } from '../../src/device/attestation/android-key-attestation-options.js';
import { createKeyAttestationVerifier } from '../../src/device/attestation/create-key-attestation-verifier.js';
import { parseKeyDescription } from '../../src/device/attestation/parse-key-description.js';
import {
  makeAndroidAttestation,
  makeTestRoot,
  buildKeyDescription,
} from './attestation-support/android-attestation-factory.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const APP = {
  packageName: 'no.eid.authenticator',
  signingCertificate: Uint8Array.from(Buffer.from('release signing cert')),
};

describe('Android Key Attestation verifier', () => {
  const clock = fixedClock(NOW);
  const root = makeTestRoot();
  const otherRoot = makeTestRoot('Someone Else Root');
  const verifier = (extra: Partial<AndroidKeyAttestationOptions> = {}) =>
    createKeyAttestationVerifier({ android: { trustedRoots: [root.pem], ...extra } }, clock);

  let challenge: Uint8Array;
  beforeEach(() => {
    clock.set(NOW);
    challenge = new Uint8Array(randomBytes(32));
  });

  const request = (fixture: ReturnType<typeof makeAndroidAttestation>, overrides: object = {}) => ({
    platform: 'android' as const,
    publicKeySpki: fixture.devicePublicKeySpki,
    attestation: fixture.attestation,
    challenge: Buffer.from(challenge).toString('base64url'),
    ...overrides,
  });

  it('accepts a TEE key generated for this challenge on a locked, verified device as hardware', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW, application: APP });

    const r = await verifier().verify(request(fixture));

    expect(r).toEqual({
      ok: true,
      value: {
        level: 'hardware',
        details: expect.objectContaining({
          format: 'android-key',
          attestationSecurityLevel: 'TrustedEnvironment',
          keymasterSecurityLevel: 'TrustedEnvironment',
          attestationVersion: 200,
          origin: 0,
          verifiedBootState: 'Verified',
          deviceLocked: true,
          chainLength: 3,
          packageNames: ['no.eid.authenticator'],
        }),
      },
    });
  });

  it('reports StrongBox keys as hardware, and accepts the challenge as raw bytes too', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW, securityLevel: 2 });
    const r = await verifier().verify(request(fixture, { challenge }));
    expect(r.ok && r.value).toMatchObject({
      level: 'hardware',
      details: { keymasterSecurityLevel: 'StrongBox' },
    });
  });

  it('accepts a chain that leaves out the root when the root signed its last certificate', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW, includeRoot: false });
    const r = await verifier().verify(request(fixture));
    expect(r.ok && r.value.details.chainLength).toBe(2);
  });

  it('trusts a root given as a bare public key', async () => {
    const publicKeyPem = root.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    const r = await createKeyAttestationVerifier({ android: { trustedRoots: [publicKeyPem] } }, clock).verify(
      request(fixture),
    );
    expect(r.ok).toBe(true);
  });

  it('refuses an attestation made for another challenge', async () => {
    const fixture = makeAndroidAttestation(root, { challenge: new Uint8Array(randomBytes(32)), now: NOW });
    expect(await verifier().verify(request(fixture))).toMatchObject({
      ok: false,
      code: 'attestation.challenge-mismatch',
    });
  });

  it('refuses when the attested key is not the key being registered', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    const another = makeAndroidAttestation(root, { challenge, now: NOW });
    const r = await verifier().verify(request(fixture, { publicKeySpki: another.devicePublicKeySpki }));
    expect(r).toMatchObject({ ok: false, code: 'attestation.key-mismatch' });
  });

  it('refuses a chain whose leaf signature does not verify', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    const leaf = Uint8Array.from(fixture.certificates[0]!);
    leaf[leaf.length - 1] = leaf[leaf.length - 1]! ^ 0x01; // last byte of the ECDSA signature
    const broken = Buffer.concat([leaf, ...fixture.certificates.slice(1)]).toString('base64');
    expect(await verifier().verify(request(fixture, { attestation: broken }))).toMatchObject({
      ok: false,
      code: 'attestation.chain-invalid',
    });
  });

  it('refuses a chain with a link missing', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    const gap = Buffer.concat([fixture.certificates[0]!, fixture.certificates[2]!]).toString('base64');
    expect(await verifier().verify(request(fixture, { attestation: gap }))).toMatchObject({
      ok: false,
      code: 'attestation.chain-invalid',
    });
  });

  it('refuses a chain that ends at a root nobody configured', async () => {
    const fixture = makeAndroidAttestation(otherRoot, { challenge, now: NOW });
    expect(await verifier().verify(request(fixture))).toMatchObject({
      ok: false,
      code: 'attestation.untrusted-root',
    });
  });

  it('refuses certificates outside their validity by the injected clock', async () => {
    const fixture = makeAndroidAttestation(root, {
      challenge,
      now: NOW,
      leafNotAfter: new Date('2026-06-01T00:00:00Z'),
    });
    clock.set(new Date('2026-07-01T00:00:00Z'));
    expect(await verifier().verify(request(fixture))).toMatchObject({
      ok: false,
      code: 'attestation.chain-invalid',
    });
  });

  it('refuses a chain with a revoked certificate from the configured status list', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    const serial = new X509Certificate(fixture.certificates[1]!).serialNumber;
    const revoked = new Set([`00${serial.toLowerCase()}`]);
    expect(await verifier({ revokedSerials: () => revoked }).verify(request(fixture))).toMatchObject({
      ok: false,
      code: 'attestation.revoked',
    });
  });

  it('refuses a key attestation extension outside the leaf', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW, descriptionInIntermediate: true });
    expect(await verifier().verify(request(fixture))).toMatchObject({
      ok: false,
      code: 'attestation.chain-invalid',
    });
  });

  it('refuses a software-level key when policy requires hardware, and accepts it when policy allows software', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW, securityLevel: 0 });

    expect(await verifier().verify(request(fixture))).toMatchObject({
      ok: false,
      code: 'attestation.insufficient-level',
    });
    const lenient = await verifier({ minimumLevel: 'software' }).verify(request(fixture));
    expect(lenient.ok && lenient.value).toMatchObject({
      level: 'software',
      details: { attestationSecurityLevel: 'Software' },
    });
  });

  it('counts an imported key as software even when the TEE attests it', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW, origin: 2 });
    expect(await verifier().verify(request(fixture))).toMatchObject({
      ok: false,
      code: 'attestation.insufficient-level',
    });
  });

  it('refuses hardware keys on an unlocked or unverified device unless told otherwise', async () => {
    const unlocked = makeAndroidAttestation(root, {
      challenge,
      now: NOW,
      rootOfTrust: { locked: false, state: 2 },
    });
    expect(await verifier().verify(request(unlocked))).toMatchObject({
      ok: false,
      code: 'attestation.device-not-verified',
    });
    const noRoot = makeAndroidAttestation(root, { challenge, now: NOW, rootOfTrust: null });
    expect(await verifier().verify(request(noRoot))).toMatchObject({
      ok: false,
      code: 'attestation.device-not-verified',
    });
    const relaxed = await verifier({ requireVerifiedBoot: false }).verify(request(unlocked));
    expect(relaxed.ok && relaxed.value.details).toMatchObject({
      deviceLocked: false,
      verifiedBootState: 'Unverified',
    });
  });

  it('checks the attesting app when the package and signing certificate are configured', async () => {
    const ours = {
      packageNames: [APP.packageName],
      signatureDigestsSha256: [sha256Hex(APP.signingCertificate)],
    };
    const good = makeAndroidAttestation(root, { challenge, now: NOW, application: APP });
    expect((await verifier({ application: ours }).verify(request(good))).ok).toBe(true);

    const repackaged = makeAndroidAttestation(root, {
      challenge,
      now: NOW,
      application: { packageName: APP.packageName, signingCertificate: Uint8Array.from([1, 2, 3]) },
    });
    expect(await verifier({ application: ours }).verify(request(repackaged))).toMatchObject({
      ok: false,
      code: 'attestation.application-mismatch',
    });
    const anonymous = makeAndroidAttestation(root, { challenge, now: NOW });
    expect(await verifier({ application: ours }).verify(request(anonymous))).toMatchObject({
      code: 'attestation.application-mismatch',
    });
  });

  it('answers attestation.missing without evidence and attestation.malformed for garbage', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    expect(await verifier().verify(request(fixture, { attestation: undefined }))).toMatchObject({
      code: 'attestation.missing',
    });
    expect(await verifier().verify(request(fixture, { attestation: 'not base64!' }))).toMatchObject({
      code: 'attestation.malformed',
    });
    expect(
      await verifier().verify(request(fixture, { attestation: Buffer.from('hello').toString('base64') })),
    ).toMatchObject({
      code: 'attestation.malformed',
    });
    expect(await verifier().verify(request(fixture, { publicKeySpki: 'AAAA' }))).toMatchObject({
      code: 'attestation.malformed',
    });
    expect(await verifier().verify(request(fixture, { challenge: '' }))).toMatchObject({
      code: 'attestation.malformed',
    });
  });

  it('says plainly that iOS App Attest is not supported and keeps sandbox keys out', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    expect(
      await verifier().verify(
        request(fixture, { platform: 'ios', attestation: 'o2NmbXRvYXBwbGUtYXBwYXR0ZXN0' }),
      ),
    ).toMatchObject({
      ok: false,
      code: 'attestation.unsupported-format',
    });
    expect(
      await verifier().verify(request(fixture, { platform: 'web-sandbox', attestation: undefined })),
    ).toMatchObject({
      code: 'attestation.unsupported-format',
    });
  });

  it('refuses to start without usable trust roots', () => {
    expect(() => createKeyAttestationVerifier({ android: { trustedRoots: [] } }, clock)).toThrow(
      /no attestation trust roots/,
    );
    expect(() => createKeyAttestationVerifier({ android: { trustedRoots: ['not pem'] } }, clock)).toThrow(
      /not PEM/,
    );
  });

  it('never throws on mutated or truncated chains, and never accepts a changed leaf', async () => {
    const fixture = makeAndroidAttestation(root, { challenge, now: NOW });
    const bytes = Buffer.from(fixture.attestation, 'base64');
    const leafLength = fixture.certificates[0]!.length;
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
          if (!truncate && at < leafLength) expect(r.ok).toBe(false);
          if (!r.ok) expect(r.code).toMatch(/^attestation\./);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('KeyDescription parser', () => {
  it('reads the fields the policy needs and skips tags it does not know', () => {
    const challenge = Uint8Array.from([1, 2, 3]);
    const r = parseKeyDescription(
      buildKeyDescription({ challenge, securityLevel: 2, origin: 0, application: APP }),
    );
    expect(r.ok && r.value).toMatchObject({
      attestationVersion: 200,
      attestationSecurityLevel: 'StrongBox',
      keymasterSecurityLevel: 'StrongBox',
      attestationChallenge: challenge,
      hardwareEnforced: {
        purposes: [2, 3],
        origin: 0,
        rootOfTrust: { deviceLocked: true, verifiedBootState: 'Verified' },
      },
      softwareEnforced: { attestationApplicationId: { packageNames: ['no.eid.authenticator'] } },
    });
  });

  it('refuses an unknown security level and trailing bytes', () => {
    const unknownLevel = buildKeyDescription({ challenge: Uint8Array.of(1), securityLevel: 7 });
    expect(parseKeyDescription(unknownLevel)).toMatchObject({ ok: false, code: 'attestation.malformed' });
    const trailing = Buffer.concat([buildKeyDescription({ challenge: Uint8Array.of(1) }), Buffer.of(0)]);
    expect(parseKeyDescription(trailing)).toMatchObject({ ok: false, code: 'attestation.malformed' });
  });
});

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
