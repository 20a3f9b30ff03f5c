import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { generateSandboxIssuingCa } from '../../src/device/certificate/generate-sandbox-issuing-ca.js';
import { issueDeviceCertificate } from '../../src/device/certificate/issue-device-certificate.js';
import { loadIssuingCa } from '../../src/device/certificate/load-issuing-ca.js';
import { serialHex } from '../../src/device/certificate/serial-hex.js';
import { fixedClock } from '../../src/shared/clock.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { CRL_URL, extensionsOf, issue, newDeviceKey, person } from './certificate-support/fixtures.js';

const DAY_MS = 86_400_000;
const clock = fixedClock(new Date());
const now = clock.now();
const ca = generateSandboxIssuingCa(clock);
const validity = { notBefore: now, notAfter: new Date(now.getTime() + 365 * DAY_MS) };
const base = { ca, person, deviceId: 'device-1', validity, crlDistributionPoint: CRL_URL };

describe('a device certificate, read back with node:crypto', () => {
  const deviceKey = newDeviceKey();
  const cert = issue(ca, now, { devicePublicKey: deviceKey });
  const x509 = new X509Certificate(cert.der);

  test('names the person: C=NO, surname, given name, PNONO- identifier, "Given Family"', () => {
    expect(x509.subject.split('\n')).toEqual([
      'C=NO',
      'SN=Nordmann',
      'GN=Kari Åse',
      `serialNumber=PNONO-${person.identityNumber}`,
      'CN=Kari Åse Nordmann',
    ]);
    expect(x509.issuer).toBe(ca.certificate.subject);
  });

  test('is issued and signed by the CA, for the device key, and is no CA itself', () => {
    expect(x509.checkIssued(ca.certificate)).toBe(true);
    expect(x509.verify(ca.publicKey)).toBe(true);
    expect(x509.verify(deviceKey)).toBe(false);
    expect(x509.publicKey.equals(deviceKey)).toBe(true);
    expect(x509.ca).toBe(false);
    expect(new X509Certificate(cert.pem).raw.equals(x509.raw)).toBe(true);
  });

  test('has a random positive 16-byte serial number', () => {
    expect(x509.serialNumber.toLowerCase()).toBe(cert.serialHex);
    expect(cert.serialHex).toMatch(/^[4-7][0-9a-f]{31}$/);
    expect(serialHex(cert.serial)).toBe(cert.serialHex);
    expect(issue(ca, now).serial).not.toBe(cert.serial);
  });

  test('has the validity asked for, in whole seconds', () => {
    expect(new Date(x509.validFrom).getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000);
    expect(cert.notAfter.getTime()).toBe(new Date(x509.validTo).getTime());
  });

  test('keyUsage is digitalSignature only, critical; basicConstraints cA FALSE, critical; no EKU', () => {
    const ext = extensionsOf(cert.der);
    expect(ext.get('2.5.29.15')).toEqual({
      critical: true,
      value: Uint8Array.from([0x03, 0x02, 0x07, 0x80]),
    });
    expect(ext.get('2.5.29.19')).toEqual({ critical: true, value: Uint8Array.from([0x30, 0x00]) });
    expect(ext.has('2.5.29.37')).toBe(false);
    expect(x509.keyUsage).toBeUndefined(); // node's `keyUsage` is the extended key usage
  });

  test('the authority key identifier is the CA subject key identifier', () => {
    const aki = extensionsOf(cert.der).get('2.5.29.35')!.value;
    expect(Buffer.from(aki).subarray(4).equals(Buffer.from(ca.keyIdentifier))).toBe(true);
    expect(extensionsOf(ca.certificateDer).get('2.5.29.14')).toBeDefined();
  });

  test('carries the QCStatements: compliance, SSCD, type esign, semantics identifier natural person', () => {
    const qc = extensionsOf(cert.der).get('1.3.6.1.5.5.7.1.3')!;
    expect(qc.critical).toBe(false);
    const statements = (asn1js.fromBER(qc.value).result as asn1js.Sequence).valueBlock.value.map((s) =>
      (s as asn1js.Sequence).valueBlock.value.map((v) =>
        v instanceof asn1js.ObjectIdentifier
          ? v.valueBlock.toString()
          : (v as asn1js.Sequence).valueBlock.value.map((o) =>
              (o as asn1js.ObjectIdentifier).valueBlock.toString(),
            ),
      ),
    );
    expect(statements).toEqual([
      ['0.4.0.1862.1.1'],
      ['0.4.0.1862.1.4'],
      ['0.4.0.1862.1.6', ['0.4.0.1862.1.6.1']],
      ['1.3.6.1.5.5.7.11.2', ['0.4.0.194121.1.1']],
    ]);
  });

  test('QcSSCD is left out on request; QcPDS appears when given', () => {
    const pds = [{ url: 'https://eid.example/pds/en', language: 'en' }];
    const value = extensionsOf(issue(ca, now, { qc: { sscd: false, pds } }).der).get(
      '1.3.6.1.5.5.7.1.3',
    )!.value;
    const hex = Buffer.from(value).toString('hex');
    expect(hex).not.toContain('060604008e460104'); // QcSSCD
    expect(hex).toContain('060604008e460105'); // QcPDS
    expect(Buffer.from(value).toString('latin1')).toContain('https://eid.example/pds/en');
  });

  test('accepts the device key as SPKI DER too, and a given serial', () => {
    const spki = new Uint8Array(deviceKey.export({ type: 'spki', format: 'der' }));
    const r = issueDeviceCertificate({ ...base, devicePublicKey: spki, serial: 0x1234n });
    expect(r.ok && new X509Certificate(r.value.der).serialNumber).toBe('1234');
  });
});

describe('refusals are values with stable codes', () => {
  test.each([
    ['RSA-2048', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey],
    ['P-384', generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey],
    ['secp256k1', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey],
    ['Ed25519', generateKeyPairSync('ed25519').publicKey],
  ])('device key %s → device-certificate.key-not-p256 (as KeyObject and SPKI)', (_name, key) => {
    for (const devicePublicKey of [key, new Uint8Array(key.export({ type: 'spki', format: 'der' }))]) {
      expect(issueDeviceCertificate({ ...base, devicePublicKey })).toMatchObject({
        ok: false,
        code: 'device-certificate.key-not-p256',
      });
    }
  });

  test('an unreadable key or a private key → device-certificate.bad-key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    for (const devicePublicKey of [Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), privateKey]) {
      expect(issueDeviceCertificate({ ...base, devicePublicKey })).toMatchObject({
        ok: false,
        code: 'device-certificate.bad-key',
      });
    }
  });

  test('bad person data → bad-person / bad-identity-number, without echoing the values', () => {
    const devicePublicKey = newDeviceKey();
    const empty = issueDeviceCertificate({
      ...base,
      devicePublicKey,
      person: { ...person, givenName: '  ' },
    });
    expect(empty).toMatchObject({ ok: false, code: 'device-certificate.bad-person' });
    const control = issueDeviceCertificate({
      ...base,
      devicePublicKey,
      person: { ...person, familyName: 'A\u0000B' },
    });
    expect(control).toMatchObject({ ok: false, code: 'device-certificate.bad-person' });
    const wrong = `${person.identityNumber.slice(0, 10)}${(Number(person.identityNumber[10]) + 1) % 10}`;
    const checksum = issueDeviceCertificate({
      ...base,
      devicePublicKey,
      person: { ...person, identityNumber: wrong },
    });
    expect(checksum).toMatchObject({ ok: false, code: 'device-certificate.bad-identity-number' });
    expect(JSON.stringify(checksum)).not.toContain(wrong);
  });

  test('synthetic identity numbers only from a sandbox CA unless allowed explicitly', () => {
    const devicePublicKey = newDeviceKey();
    const staging = loadIssuingCa({ certPem: ca.certificatePem, keyPem: ca.privateKey });
    expect(staging.ok).toBe(true);
    if (!staging.ok) return;
    expect(issueDeviceCertificate({ ...base, ca: staging.value, devicePublicKey })).toMatchObject({
      ok: false,
      code: 'device-certificate.bad-identity-number',
    });
    expect(
      issueDeviceCertificate({
        ...base,
        ca: staging.value,
        devicePublicKey,
        syntheticIdentityNumbers: 'allow',
      }).ok,
    ).toBe(true);
    const real = makeIdentityNumber({ birthDate: '1971-01-01', synthetic: false });
    const r = issueDeviceCertificate({
      ...base,
      ca: staging.value,
      devicePublicKey,
      person: { ...person, identityNumber: real },
    });
    expect(r.ok && new X509Certificate(r.value.der).subject).toContain(`serialNumber=PNONO-${real}`);
  });

  test('an empty validity, or one outside the CA validity → device-certificate.bad-validity', () => {
    const devicePublicKey = newDeviceKey();
    for (const v of [
      { notBefore: now, notAfter: now },
      { notBefore: new Date(ca.notBefore.getTime() - 1000), notAfter: now },
      { notBefore: now, notAfter: new Date(ca.notAfter.getTime() + 1000) },
    ]) {
      expect(issueDeviceCertificate({ ...base, devicePublicKey, validity: v })).toMatchObject({
        ok: false,
        code: 'device-certificate.bad-validity',
      });
    }
  });

  test('serial zero, negative or over 20 octets → bad-serial; a non-URL CRL DP → bad-options', () => {
    const devicePublicKey = newDeviceKey();
    for (const serial of [0n, -5n, 1n << 160n]) {
      expect(issueDeviceCertificate({ ...base, devicePublicKey, serial })).toMatchObject({
        ok: false,
        code: 'device-certificate.bad-serial',
      });
    }
    for (const opts of [
      { crlDistributionPoint: 'ldap://x/crl' },
      { crlDistributionPoint: 'not a url' },
      { crlDistributionPoint: 'https://eid.eksempel.no/enhet-ca/crl-æøå' },
      { qc: { pds: [{ url: 'http://eid.example/pds', language: 'en' }] } },
      { qc: { pds: [{ url: 'https://eid.example/pds/nb', language: 'nb' }] } },
      {
        qc: {
          pds: [
            { url: 'https://eid.example/pds/en', language: 'en' },
            { url: 'https://eid.example/pds/en2', language: 'EN' },
          ],
        },
      },
      { policyOid: 'policy' },
    ]) {
      expect(issueDeviceCertificate({ ...base, devicePublicKey, ...opts })).toMatchObject({
        ok: false,
        code: 'device-certificate.bad-options',
      });
    }
  });
});

describe('the issuing CA', () => {
  test('the sandbox CA is a self-signed P-256 CA named TEST, marked sandbox', () => {
    expect(ca.sandbox).toBe(true);
    expect(ca.certificate.ca).toBe(true);
    expect(ca.certificate.subject).toContain('CN=TEST Passport eID issuing CA (not for production)');
    expect(ca.certificate.verify(ca.publicKey)).toBe(true);
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(extensionsOf(ca.certificateDer).get('2.5.29.15')).toEqual({
      critical: true,
      value: Uint8Array.from([0x03, 0x02, 0x01, 0x06]),
    });
    expect(ca.signature.name).toBe('ecdsa-with-SHA256');
  });

  test('an RSA-3072 sandbox CA issues verifiable device certificates', () => {
    const rsaCa = generateSandboxIssuingCa(clock, { keyType: 'rsa3072' });
    expect(rsaCa.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(rsaCa.signature.name).toBe('sha256WithRSAEncryption');
    const x509 = new X509Certificate(issue(rsaCa, now).der);
    expect(x509.checkIssued(rsaCa.certificate) && x509.verify(rsaCa.publicKey)).toBe(true);
  });

  test('loadIssuingCa takes PEM files and yields the same CA', () => {
    const keyPem = ca.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const loaded = loadIssuingCa({ certPem: ca.certificatePem, keyPem, clock });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.sandbox).toBe(false);
    expect(Buffer.from(loaded.value.subjectName).equals(Buffer.from(ca.subjectName))).toBe(true);
    expect(Buffer.from(loaded.value.keyIdentifier).equals(Buffer.from(ca.keyIdentifier))).toBe(true);
    const x509 = new X509Certificate(issue(loaded.value, now, { syntheticIdentityNumbers: 'allow' }).der);
    expect(x509.verify(ca.publicKey)).toBe(true);
  });

  test('loadIssuingCa refuses a wrong key, a non-CA, garbage, an unsupported key and an expired CA', () => {
    const other = generateSandboxIssuingCa(clock);
    const keyPem = ca.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(loadIssuingCa({ certPem: ca.certificatePem, keyPem: other.privateKey })).toMatchObject({
      ok: false,
      code: 'device-ca.key-mismatch',
    });
    expect(loadIssuingCa({ certPem: issue(ca, now).pem, keyPem })).toMatchObject({
      ok: false,
      code: 'device-ca.not-a-ca',
    });
    expect(loadIssuingCa({ certPem: 'not a certificate', keyPem })).toMatchObject({
      ok: false,
      code: 'device-ca.unreadable-certificate',
    });
    expect(loadIssuingCa({ certPem: ca.certificatePem, keyPem: 'not a key' })).toMatchObject({
      ok: false,
      code: 'device-ca.unreadable-key',
    });
    expect(
      loadIssuingCa({ certPem: ca.certificatePem, keyPem: generateKeyPairSync('ed25519').privateKey }),
    ).toMatchObject({ ok: false, code: 'device-ca.unsupported-key' });
    const later = fixedClock(new Date(ca.notAfter.getTime() + DAY_MS));
    expect(loadIssuingCa({ certPem: ca.certificatePem, keyPem, clock: later })).toMatchObject({
      ok: false,
      code: 'device-ca.not-valid-now',
    });
  });
});
