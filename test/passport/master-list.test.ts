import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestPki } from '../../src/passport/factory/make-test-pki.js';
import { createFileTrustStore } from '../../src/passport/create-file-trust-store.js';
import { parseMasterList } from '../../src/passport/parse-master-list.js';
import { ber } from '../../src/passport/ber.js';
import { verifyCertificateSignature } from '../../src/passport/verify-certificate-signature.js';
import { verifyMasterList } from '../../src/passport/verify-master-list.js';
import { flipBit } from './support/flip-bit.js';
import { NL_MASTER_LIST } from './support/reference-vectors.js';

// The Dutch CSCA master list as published: 411 certificates, signed by "Masterlist Signer NL"
// whose issuer, the Dutch root CSCA, is itself one of the 411.

const bytes = new Uint8Array(readFileSync(NL_MASTER_LIST));
const parsed = parseMasterList(bytes);

test('parses to 411 CSCA certificates', () => {
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  expect(parsed.value.certificates).toHaveLength(411);
  expect(parsed.value.unparsable).toBe(0);
  const nl = parsed.value.certificates.filter((c) => c.country === 'NL');
  expect(nl.length).toBeGreaterThan(0);
});

test('its signature verifies and the signer chains to the Dutch root CSCA inside the list', () => {
  if (!parsed.ok) throw new Error(parsed.detail);
  const v = verifyMasterList(parsed.value, { mode: 'embedded-root' });
  expect(v.ok).toBe(true);
  if (!v.ok) return;
  expect(v.value.signer.subject).toContain('CN=Masterlist Signer NL');
  expect(v.value.anchor.subject).toContain('CN=CSCA NL');
  expect(v.value.anchor.country).toBe('NL');
});

test('every CSCA in the list has a verifying self-signature (RSA, PSS, ECDSA incl. explicit brainpool parameters)', () => {
  if (!parsed.ok) throw new Error(parsed.detail);
  const failures = parsed.value.certificates
    .filter((c) => !verifyCertificateSignature(c, c).ok)
    .map((c) => c.subject);
  expect(failures).toEqual([]);
  const algorithms = new Set(parsed.value.certificates.map((c) => c.signatureAlgorithm.oid));
  expect([...algorithms]).toEqual(
    expect.arrayContaining(['1.2.840.113549.1.1.10', '1.2.840.10045.4.3.4', '1.2.840.113549.1.1.5']),
  );
  // 111 of the EC keys spell their curve out (explicit parameters) instead of naming it.
  const explicit = parsed.value.certificates.filter((c) => {
    const spki = ber.decode(c.spki);
    const alg = spki.ok ? ber.seq(ber.seq(spki.value)?.[0]) : undefined;
    return ber.oid(alg?.[0]) === '1.2.840.10045.2.1' && ber.seq(alg?.[1]) !== undefined;
  });
  expect(explicit.length).toBeGreaterThan(100);
});

test('a configured signer certificate is accepted as the anchor; a foreign one is not', () => {
  if (!parsed.ok) throw new Error(parsed.detail);
  const signer = parsed.value.signerCertificates[0]!;
  expect(verifyMasterList(parsed.value, { mode: 'anchors', anchors: [signer] }).ok).toBe(true);
  const foreign = parsed.value.certificates.find((c) => c.country === 'DE')!;
  const v = verifyMasterList(parsed.value, { mode: 'anchors', anchors: [foreign] });
  expect(v.ok).toBe(false);
  if (!v.ok) expect(v.code).toBe('master-list.signer-untrusted');
});

test('a wrong root pin is refused', () => {
  if (!parsed.ok) throw new Error(parsed.detail);
  const v = verifyMasterList(parsed.value, { mode: 'embedded-root', rootSha256: '00'.repeat(32) });
  expect(v.ok).toBe(false);
});

test('a modified certificate inside the list breaks the signature', () => {
  const tampered = flipBit(bytes, 200_000);
  const p = parseMasterList(tampered);
  // Either the flip lands in DER structure (malformed) or in content (signature invalid); never accepted.
  if (p.ok) {
    const v = verifyMasterList(p.value, { mode: 'embedded-root' });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.code).toBe('master-list.signature-invalid');
  }
});

describe('file trust store', () => {
  test('loads the master list only with an explicit signer policy', () => {
    const refused = createFileTrustStore({ masterListFiles: [NL_MASTER_LIST] });
    const s1 = refused.summary(new Date('2026-06-01Z'));
    expect(s1.certificateCount).toBe(0);
    expect(s1.sources[0]?.error).toBe('master-list.no-signer-configured');

    const store = createFileTrustStore({ masterListFiles: [NL_MASTER_LIST], masterListEmbeddedRoot: true });
    const s = store.summary(new Date('2026-06-01Z'));
    expect(s.certificateCount).toBe(411);
    expect(s.countries.NL).toBeGreaterThan(0);
    expect(s.nearestExpiries.length).toBeGreaterThan(0);
    expect(s.testCscaCount).toBe(0);
  });

  test('reload picks up changed files without a restart', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ts-'));
    const file = path.join(dir, 'csca.pem');
    writeFileSync(file, 'not a certificate');
    const store = createFileTrustStore({ cscaFiles: [file] });
    expect(store.certificates()).toHaveLength(0);
    const parsedList = parsed;
    if (!parsedList.ok) throw new Error('list');
    const der = parsedList.value.certificates[0]!.der;
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(der)
      .toString('base64')
      .replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
    writeFileSync(file, pem);
    const sources = store.reload();
    expect(sources[0]).toMatchObject({ certificates: 1 });
    expect(store.certificates()).toHaveLength(1);
    expect(
      store.findIssuerCandidates({
        ...parsedList.value.certificates[0]!,
        issuerKey: parsedList.value.certificates[0]!.subjectKey,
      }),
    ).toHaveLength(1);
  });

  test('production loading refuses test CSCAs; CRL files load', () => {
    const pki = makeTestPki({ country: 'UT', variant: 'brainpool' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ts-'));
    writeFileSync(path.join(dir, 'csca.der'), pki.csca.certDer);
    writeFileSync(path.join(dir, 'crl.der'), pki.makeCrl({ revokedSerials: [pki.dsc.serial] }));
    const files = { cscaFiles: [path.join(dir, 'csca.der')], crlFiles: [path.join(dir, 'crl.der')] };
    const dev = createFileTrustStore(files).summary(new Date());
    expect(dev).toMatchObject({ certificateCount: 1, crlCount: 1, testCscaCount: 1 });
    const prod = createFileTrustStore({ ...files, refuseTestCscas: true }).summary(new Date());
    expect(prod.certificateCount).toBe(0);
    expect(prod.sources[0]?.error).toBe('trust-store.test-csca-refused');
  });

  test('an unreadable file is reported, not fatal', () => {
    const store = createFileTrustStore({ cscaFiles: ['/nonexistent/csca.der'] });
    expect(store.summary(new Date()).sources[0]?.error).toBe('trust-store.unreadable-file');
  });
});
