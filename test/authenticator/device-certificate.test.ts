import { execFileSync } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as client from 'openid-client';
import { authorizationUrl } from '../support/authorize.js';
import { discover, pidFor, privateKeyJwtClient } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { activatePhone } from './support/app-login.js';

const openssl = (args: string[]) => {
  try {
    return {
      ok: true,
      out: execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
};
const toPem = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

/**
 * The device certificate issued at activation, and the device list / removal of the app API: the
 * certificate chains to the CA published at /crl/device-ca.crt, carries PNONO-<pid> and the
 * QCStatements, and a removed device's certificate is on the CRL at /crl/device-ca.crl.
 */
describe('device certificates and the device list', () => {
  const rp = privateKeyJwtClient('cert-rp');
  let op: RunningProvider;
  let config: client.Configuration;
  const dir = mkdtempSync(join(tmpdir(), 'device-cert-'));

  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata] });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  test('the certificate parses with node:crypto and openssl, chains to the CA, carries PNONO and QCStatements; removal puts it on the CRL', async () => {
    const pid = pidFor('1977-07-07');
    const { phone, certificatePem } = await activatePhone(
      op.app,
      op.issuer,
      (await authorizationUrl(config)).url,
      pid,
    );
    const cert = new X509Certificate(certificatePem);
    const caDer = Buffer.from(await (await fetch(`${op.issuer}/crl/device-ca.crt`)).arrayBuffer());
    const ca = new X509Certificate(caDer);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subject).toContain(`serialNumber=PNONO-${pid}`);
    expect(cert.subject).toContain('GN=Åse Marie');
    expect(cert.keyUsage).toBeUndefined(); // node lists extended key usage here: none
    expect(cert.publicKey.export({ format: 'jwk' })).toEqual(
      createPublicKey(phone.privateKey).export({ format: 'jwk' }),
    );

    const certFile = join(dir, 'device.pem');
    const caFile = join(dir, 'ca.pem');
    writeFileSync(certFile, certificatePem);
    writeFileSync(caFile, toPem('CERTIFICATE', caDer));
    const text = openssl(['x509', '-in', certFile, '-noout', '-text']);
    expect(text.ok).toBe(true);
    expect(text.out).toContain('Digital Signature');
    expect(text.out).toMatch(/qcStatements|1\.3\.6\.1\.5\.5\.7\.1\.3/);
    expect(text.out).toContain(`${op.issuer}/crl/device-ca.crl`);
    expect(openssl(['verify', '-x509_strict', '-CAfile', caFile, certFile]).out).toContain('OK');

    // Listed, then removed by the app itself: revoked on the CRL.
    const list = await phone.listDevices();
    expect(list.body.devices).toEqual([
      expect.objectContaining({ device_id: phone.deviceId, status: 'active', current: true }),
    ]);
    expect((await phone.removeDevice(phone.deviceId)).status).toBe(204);
    const crlDer = Buffer.from(await (await fetch(`${op.issuer}/crl/device-ca.crl`)).arrayBuffer());
    const crlFile = join(dir, 'device-ca.crl.pem');
    writeFileSync(crlFile, toPem('X509 CRL', crlDer));
    const crl = openssl(['crl', '-in', crlFile, '-noout', '-text', '-CAfile', caFile]);
    expect(crl.out).toContain(cert.serialNumber.toUpperCase());
    const checked = openssl(['verify', '-crl_check', '-CAfile', caFile, '-CRLfile', crlFile, certFile]);
    expect(checked.ok).toBe(false);
    expect(checked.out).toContain('certificate revoked');
    // A removed device is done: it can no longer ask for requests.
    expect((await phone.pendingReply(0)).status).toBe(403);
  });

  test("a device cannot remove another person's device", async () => {
    const a = await activatePhone(
      op.app,
      op.issuer,
      (await authorizationUrl(config)).url,
      pidFor('1978-08-08'),
    );
    const b = await activatePhone(
      op.app,
      op.issuer,
      (await authorizationUrl(config)).url,
      pidFor('1979-09-09'),
    );
    expect(await a.phone.removeDevice(b.phone.deviceId)).toMatchObject({
      status: 404,
      body: { error: 'device.not-found' },
    });
    expect((await b.phone.listDevices()).status).toBe(200);
  });
});
