import { generateKeyPairSync } from 'node:crypto';
import { createSandboxKeyAttestationVerifier } from '../../src/device/attestation/create-sandbox-key-attestation-verifier.js';
import { meetsAttestationLevel } from '../../src/device/attestation/meets-attestation-level.js';

describe('sandbox key attestation verifier', () => {
  const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ type: 'spki', format: 'der' })
    .toString('base64');

  it('accepts a software key with no attestation and marks it level none', async () => {
    const r = await createSandboxKeyAttestationVerifier().verify({
      platform: 'web-sandbox',
      publicKeySpki: spki,
      challenge: 'c2FuZGJveA',
    });
    expect(r).toEqual({
      ok: true,
      value: { level: 'none', details: { format: 'none', sandbox: true, evidenceChecked: false } },
    });
  });

  it('does not upgrade anything for evidence it does not check', async () => {
    const r = await createSandboxKeyAttestationVerifier().verify({
      platform: 'android',
      publicKeySpki: spki,
      attestation: 'AAAA',
      challenge: 'c2FuZGJveA',
    });
    expect(r.ok && r.value.level).toBe('none');
  });

  it('which a policy for level high refuses', () => {
    expect(meetsAttestationLevel('none', 'hardware')).toBe(false);
    expect(meetsAttestationLevel('software', 'hardware')).toBe(false);
    expect(meetsAttestationLevel('hardware', 'hardware')).toBe(true);
    expect(meetsAttestationLevel('none', 'none')).toBe(true);
  });

  it('still refuses a key it could never verify a signature with', async () => {
    const r = await createSandboxKeyAttestationVerifier().verify({
      platform: 'web-sandbox',
      publicKeySpki: 'AAAA',
      challenge: 'c2FuZGJveA',
    });
    expect(r).toMatchObject({ ok: false, code: 'attestation.malformed' });
  });
});
