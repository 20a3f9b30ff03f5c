import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  makeAndroidAttestation,
  makeAttestationBatch,
  makeTestRoot,
  type AttestationBatch,
} from './attestation-support/android-attestation-factory.js';
import { enrolOverHttp } from './attestation-support/enrol-over-http.js';
import { pidFor } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

/**
 * Android enrolment through the app API with the real verifier and Google's status list served
 * by a local server in the documented format: a phone from a listed (leaked) batch is refused, a
 * phone from another batch enrols, and without a current list Android enrolments wait (503)
 * instead of passing unchecked.
 */
describe('Android enrolment checks the attestation status list', () => {
  const root = makeTestRoot();
  const leaked = makeAttestationBatch(root);
  const good = makeAttestationBatch(root);
  let failing = false;
  let fetches = 0;
  let statusServer: Server;
  let statusUrl: string;
  let rootFile: string;
  const started: RunningProvider[] = [];
  let day = 0;

  beforeAll(async () => {
    statusServer = createServer((_req, res) => {
      fetches++;
      if (failing) {
        res.statusCode = 500;
        res.end('unavailable');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.setHeader('cache-control', 'max-age=3600');
      // Google writes serials in lower-case hex without leading zeros.
      res.end(
        JSON.stringify({
          entries: { [leaked.serial.toString(16)]: { status: 'REVOKED', reason: 'KEY_COMPROMISE' } },
        }),
      );
    });
    await new Promise<void>((r) => statusServer.listen(0, '127.0.0.1', r));
    statusUrl = `http://127.0.0.1:${(statusServer.address() as AddressInfo).port}/attestation/status`;
    rootFile = join(mkdtempSync(join(tmpdir(), 'attestation-status-')), 'android-roots.pem');
    writeFileSync(rootFile, root.pem);
  });
  afterAll(async () => {
    for (const op of started) await op.cleanup();
    await new Promise((r) => statusServer.close(r));
  });

  /** Starts a provider and waits for its start-up fetch of the list (made in the background). */
  const start = async () => {
    const before = fetches;
    const op = await startProvider({
      env: {
        ATTESTATION_ADAPTER: 'real',
        ATTESTATION_ROOTS_FILE: rootFile,
        ATTESTATION_MINIMUM: 'hardware',
        ATTESTATION_STATUS_URL: statusUrl,
      },
    });
    started.push(op);
    for (let i = 0; i < 200 && fetches === before; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100)); // the answer is read and applied
    return op;
  };

  /** One phone of `batch` enrols. */
  const enrol = (op: RunningProvider, batch: AttestationBatch) =>
    enrolOverHttp(op, {
      pid: pidFor(`1986-03-${String(++day).padStart(2, '0')}`),
      platform: 'android',
      phone: (challenge) => {
        const phone = makeAndroidAttestation(root, { challenge, now: new Date(), batch });
        return { privateKey: phone.devicePrivateKey, attestation: phone.attestation };
      },
    });

  test('a phone of a listed batch is refused as revoked; a phone of another batch enrols', async () => {
    failing = false;
    const op = await start();

    expect(await enrol(op, leaked)).toMatchObject({
      status: 400,
      body: { error: 'attestation.revoked' },
    });
    const enrolled = await enrol(op, good);
    expect(enrolled).toMatchObject({
      status: 201,
      body: { status: 'pending_activation', attestation_level: 'hardware' },
    });
    // The record keeps the chain's serials, so devices of a batch revoked later can be found.
    const device = await op.app.devices.get(String(enrolled.body.device_id));
    expect(device?.attestation?.chainSerials).toContain(good.serial.toString(16));
    const metrics = await (await fetch(`${op.issuer}/metrics`)).text();
    expect(metrics).toMatch(/^eid_attestation_status_list_fresh 1$/m);
  });

  test('without a current list, Android enrolment is refused for now (503), not let through', async () => {
    failing = true;
    const op = await start();

    const r = await enrol(op, good);
    expect(r).toMatchObject({ status: 503, body: { error: 'attestation.status-unavailable' } });
    expect(JSON.stringify(r.body)).toMatch(/try again later/);
    const metrics = await (await fetch(`${op.issuer}/metrics`)).text();
    expect(metrics).toMatch(/^eid_attestation_status_list_fresh 0$/m);
    expect(metrics).toMatch(/^eid_attestation_status_list_age_seconds -1$/m);
  });
});
