import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProvider } from '../support/start-provider.js';

/**
 * Two instances on one store (a sandbox behind a load balancer): the first stores the CA it
 * generated, the second loads that one, so a certificate issued by either chains to the CA
 * certificate and CRL that both serve.
 */
describe('the sandbox issuing CA with two instances', () => {
  test('both instances serve the same CA certificate; the second one’s CRL verifies with it', async () => {
    const first = await startProvider();
    const second = await startProvider({ prefix: first.prefix });
    try {
      const fetchDer = async (issuer: string, path: string) =>
        Buffer.from(await (await fetch(`${issuer}${path}`)).arrayBuffer());
      const [a, b] = await Promise.all([
        fetchDer(first.issuer, '/crl/device-ca.crt'),
        fetchDer(second.issuer, '/crl/device-ca.crt'),
      ]);
      expect(a.length).toBeGreaterThan(100);
      expect(b.equals(a)).toBe(true);
      const ca = new X509Certificate(a);
      expect(ca.subject).toContain('TEST');
      // The CRL of the second instance is signed by the CA the first one generated.
      const crl = await fetchDer(second.issuer, '/crl/device-ca.crl');
      const dir = mkdtempSync(join(tmpdir(), 'shared-ca-'));
      writeFileSync(join(dir, 'ca.pem'), ca.toString());
      writeFileSync(join(dir, 'crl.der'), crl);
      const verified = execFileSync(
        'openssl',
        ['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-CAfile', join(dir, 'ca.pem'), '-noout'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(verified).toBe('');
      const other = await startProvider();
      try {
        expect((await fetchDer(other.issuer, '/crl/device-ca.crt')).equals(a)).toBe(false);
      } finally {
        await other.cleanup();
      }
    } finally {
      await second.stop();
      await first.cleanup();
    }
  });
});
