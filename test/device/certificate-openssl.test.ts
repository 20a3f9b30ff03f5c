import { generateSandboxIssuingCa } from '../../src/device/certificate/generate-sandbox-issuing-ca.js';
import { buildCrl } from '../../src/device/certificate/build-crl.js';
import type { IssuingCa } from '../../src/device/certificate/issuing-ca.js';
import { loadIssuingCa } from '../../src/device/certificate/load-issuing-ca.js';
import { toPem } from '../../src/device/certificate/to-pem.js';
import { fixedClock, systemClock } from '../../src/shared/clock.js';
import { issue, opensslWorkspace, person } from './certificate-support/fixtures.js';

/**
 * The same certificates and CRLs read by an independent X.509 implementation, the openssl CLI:
 * what relying parties' stacks will do with them. The clock is the real time (frozen), because
 * `openssl verify` checks validity against it.
 */
const clock = fixedClock(new Date());
const now = clock.now();
const DAY_MS = 86_400_000;
const ws = opensslWorkspace();
afterAll(() => ws.remove());

/** A CA made by openssl itself: loadIssuingCa must accept a CA it did not encode. */
function opensslMadeCa(): IssuingCa {
  const made = ws.run(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '800',
    '-keyout',
    'ossl-ca.key',
    '-out',
    'ossl-ca.pem',
    '-subj',
    '/C=NO/O=TEST openssl CA/CN=TEST openssl-made issuing CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  expect(made.stderr).not.toMatch(/error/i);
  const read = (f: string) => ws.run('x509', '-in', f).stdout;
  const key = ws.run('pkey', '-in', 'ossl-ca.key').stdout;
  const loaded = loadIssuingCa({
    certPem: read('ossl-ca.pem'),
    keyPem: key,
    clock: systemClock,
    sandbox: true,
  });
  if (!loaded.ok) throw new Error(`${loaded.code}: ${loaded.detail}`);
  return loaded.value;
}

describe.each([
  ['a P-256 sandbox CA', () => generateSandboxIssuingCa(clock)],
  ['an RSA-3072 sandbox CA', () => generateSandboxIssuingCa(clock, { keyType: 'rsa3072' })],
  ['a CA made by openssl', opensslMadeCa],
])('with %s', (label, makeCa) => {
  const ca = makeCa();
  const tag = label.replace(/\W+/g, '-');
  const caFile = ws.write(`${tag}-ca.pem`, ca.certificatePem);
  const cert = issue(ca, now, {
    caIssuersUrl: 'http://127.0.0.1:3000/device-ca/ca.cer',
    qc: { pds: [{ url: 'https://eid.example/pds/en', language: 'en' }] },
  });
  const certDer = ws.write(`${tag}-cert.der`, cert.der);
  const certPem = ws.write(`${tag}-cert.pem`, cert.pem);

  test('openssl x509 -text shows the profile: subject, key usage, CRL DP, policy, qcStatements', () => {
    const text = ws.run(
      'x509',
      '-inform',
      'DER',
      '-in',
      certDer,
      '-noout',
      '-text',
      '-nameopt',
      'utf8,sep_comma_plus_space',
    );
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      `Subject: C=NO, SN=Nordmann, GN=Kari Åse, serialNumber=PNONO-${person.identityNumber}, CN=Kari Åse Nordmann`,
    );
    expect(text.stdout).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(text.stdout).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text.stdout).toMatch(
      /X509v3 CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/127\.0\.0\.1:3000\/device-ca\/crl/,
    );
    expect(text.stdout).toContain('CA Issuers - URI:http://127.0.0.1:3000/device-ca/ca.cer');
    expect(text.stdout).toContain('Policy: 2.999.578.1.1');
    expect(text.stdout).toContain('X509v3 Authority Key Identifier');
    // OpenSSL names id-pe-qcStatements (1.3.6.1.5.5.7.1.3) "qcStatements"; -oid shows the number.
    expect(text.stdout).toContain('qcStatements:');
    expect(ws.run('asn1parse', '-inform', 'DER', '-in', certDer).stdout).toContain(':qcStatements');
    expect(ws.run('x509', '-inform', 'DER', '-in', certDer, '-noout', '-ext', 'qcStatements').status).toBe(0);
    expect(text.stdout).not.toContain('Extended Key Usage');
  });

  test('openssl asn1parse finds the QC statement OIDs inside the extension', () => {
    const outer = ws.run('asn1parse', '-inform', 'DER', '-in', certDer).stdout;
    const offset = /^\s*(\d+):d=5\s+hl=\d+\s+l=\s*\d+\s+prim: OCTET STRING/m.exec(
      outer.slice(outer.indexOf(':qcStatements')),
    )![1]!;
    const inner = ws.run('asn1parse', '-inform', 'DER', '-in', certDer, '-strparse', offset);
    expect(inner.status).toBe(0);
    for (const oid of [
      '0.4.0.1862.1.1',
      '0.4.0.1862.1.4',
      '0.4.0.1862.1.6',
      '0.4.0.1862.1.6.1',
      '0.4.0.1862.1.5',
      '1.3.6.1.5.5.7.11.2',
      '0.4.0.194121.1.1',
    ]) {
      expect(inner.stdout).toContain(`:${oid}\n`);
    }
    expect(inner.stdout).toContain(':https://eid.example/pds/en');
  });

  test('openssl verify (strict X.509) accepts the certificate under the CA', () => {
    const r = ws.run('verify', '-x509_strict', '-CAfile', caFile, certPem);
    expect(r.stdout.trim()).toBe(`${certPem}: OK`);
    expect(r.status).toBe(0);
  });

  test('the CRL parses, is signed by the CA, and revocation checking follows it', () => {
    const revoked = issue(ca, now, { deviceId: 'device-lost' });
    const other = issue(ca, now, { deviceId: 'device-ok' });
    const replaced = issue(ca, now, { deviceId: 'device-old' });
    const crl = buildCrl({
      ca,
      revoked: [
        { serial: revoked.serial, revokedAt: now, reason: 'keyCompromise' },
        { serial: replaced.serial, revokedAt: now, reason: 'unspecified' },
      ],
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + DAY_MS),
      crlNumber: 42n,
    });
    const crlDer = ws.write(`${tag}-crl.der`, crl);
    const crlPem = ws.write(`${tag}-crl.pem`, toPem('X509 CRL', crl));

    const text = ws.run('crl', '-inform', 'DER', '-in', crlDer, '-noout', '-text');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Version 2 (0x1)');
    expect(text.stdout).toMatch(/X509v3 CRL Number:\s+42/);
    expect(text.stdout).toContain('X509v3 Authority Key Identifier');
    const entry = (serial: string) =>
      new RegExp(
        `Serial Number: ${serial.toUpperCase()}\\s+Revocation Date: [^\\n]+\\n(\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+(.+))?`,
      );
    expect(entry(revoked.serialHex).exec(text.stdout)?.[2]).toBe('Key Compromise');
    // RFC 5280 §5.3.1: no reasonCode rather than "unspecified".
    expect(entry(replaced.serialHex).exec(text.stdout)?.[2]).toBeUndefined();
    expect(entry(replaced.serialHex).test(text.stdout)).toBe(true);
    expect(text.stdout).not.toContain(other.serialHex.toUpperCase());

    const signed = ws.run('crl', '-inform', 'DER', '-in', crlDer, '-CAfile', caFile, '-noout');
    expect(signed.status).toBe(0);
    expect(signed.stderr).toContain('verify OK');

    const revokedFile = ws.write(`${tag}-revoked.pem`, revoked.pem);
    const refused = ws.run('verify', '-crl_check', '-CAfile', caFile, '-CRLfile', crlPem, revokedFile);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('certificate revoked');
    const otherFile = ws.write(`${tag}-other.pem`, other.pem);
    const accepted = ws.run(
      'verify',
      '-crl_check',
      '-x509_strict',
      '-CAfile',
      caFile,
      '-CRLfile',
      crlPem,
      otherFile,
    );
    expect(accepted.stdout.trim()).toBe(`${otherFile}: OK`);
  });

  test('an empty CRL leaves out revokedCertificates and still verifies', () => {
    const crl = buildCrl({
      ca,
      revoked: [],
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + DAY_MS),
      crlNumber: 1n,
    });
    const crlDer = ws.write(`${tag}-empty.der`, crl);
    const text = ws.run('crl', '-inform', 'DER', '-in', crlDer, '-noout', '-text', '-CAfile', caFile);
    expect(text.stderr).toContain('verify OK');
    expect(text.stdout).toContain('No Revoked Certificates.');
  });
});
