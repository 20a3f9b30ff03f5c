import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { AttestationStatusListLogger } from '../../src/device/attestation/attestation-status-list.js';
import {
  createAttestationStatusList,
  type AttestationStatusListOptions,
  type StatusListTimers,
} from '../../src/device/attestation/create-attestation-status-list.js';
import { createKeyAttestationVerifier } from '../../src/device/attestation/create-key-attestation-verifier.js';
import { normaliseCertificateSerial } from '../../src/device/attestation/normalise-certificate-serial.js';
import { parseAttestationStatusList } from '../../src/device/attestation/parse-attestation-status-list.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/create-logger.js';
import { makeAndroidAttestation, makeTestRoot } from './attestation-support/android-attestation-factory.js';
import { der } from './attestation-support/der-builder.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The example from developer.android.com, "Certificate revocation status list". */
const GOOGLE_EXAMPLE = {
  entries: {
    '2c8cdddfd5e03bfc': {
      status: 'REVOKED',
      expires: '2020-11-13',
      reason: 'KEY_COMPROMISE',
      comment: 'Key stored on unsecure system',
    },
    c8966fcb2fbb0d7a: {
      status: 'SUSPENDED',
      reason: 'SOFTWARE_FLAW',
      comment: 'Bug in keystore causes this key malfunction b/555555',
    },
  },
};

/** How Google writes a serial: Java's BigInteger.toString(16), lower case, no leading zeros. */
const googleSpelling = (serial: bigint) => serial.toString(16);

describe('parseAttestationStatusList', () => {
  it('reads the documented example: both statuses listed, normalised, counted', () => {
    const r = parseAttestationStatusList(JSON.stringify(GOOGLE_EXAMPLE));
    expect(r.ok && r.value.counts).toEqual({ revoked: 1, suspended: 1, otherStatus: 0, ignoredKeys: 0 });
    expect(r.ok && [...r.value.entries]).toEqual([
      ['2c8cdddfd5e03bfc', 'REVOKED'],
      ['c8966fcb2fbb0d7a', 'SUSPENDED'],
    ]);
  });

  it('lists a status it does not know (the list holds only keys that are not valid) and skips keys that are no serial', () => {
    const r = parseAttestationStatusList(
      '{"entries":{"abc":{"status":"QUARANTINED"},"zz-top":{"status":"REVOKED"}}}',
    );
    expect(r.ok && r.value.counts).toEqual({ revoked: 0, suspended: 0, otherStatus: 1, ignoredKeys: 1 });
    expect(r.ok && r.value.entries.has('abc')).toBe(true);
  });

  it('merges two spellings of one serial, REVOKED winning', () => {
    const r = parseAttestationStatusList(
      '{"entries":{"0ABC":{"status":"SUSPENDED"},"abc":{"status":"REVOKED"},"00abc":{"status":"SUSPENDED"}}}',
    );
    expect(r.ok && [...r.value.entries]).toEqual([['abc', 'REVOKED']]);
    expect(r.ok && r.value.counts).toMatchObject({ revoked: 1, suspended: 0 });
  });

  it('gives clear errors without naming a serial', () => {
    expect(parseAttestationStatusList('{"entries":')).toMatchObject({
      ok: false,
      code: 'status-list.invalid-json',
    });
    expect(parseAttestationStatusList(Uint8Array.of(0x7b, 0xff, 0x7d))).toMatchObject({
      code: 'status-list.invalid-json',
    });
    expect(parseAttestationStatusList('[]')).toMatchObject({
      code: 'status-list.invalid-format',
      detail: expect.stringMatching(/^document: .*expected object/),
    });
    expect(parseAttestationStatusList('{"entries":[]}')).toMatchObject({
      code: 'status-list.invalid-format',
      detail: expect.stringMatching(/^entries: /),
    });
    const noStatus = parseAttestationStatusList(
      '{"entries":{"2c8cdddfd5e03bfc":{"reason":"KEY_COMPROMISE"}}}',
    );
    expect(noStatus).toMatchObject({ code: 'status-list.invalid-format' });
    expect(!noStatus.ok && noStatus.detail).toMatch(/^entries\.<serial>\.status: /);
    expect(!noStatus.ok && noStatus.detail).not.toContain('2c8c');
    expect(parseAttestationStatusList('x'.repeat(2001), 2000)).toMatchObject({
      code: 'status-list.too-large',
    });
  });
});

describe('serial numbers: a certificate matches the entry Google writes for it', () => {
  const root = makeTestRoot();

  it('the factory chain: node pads the intermediate serial with a zero, Google does not', () => {
    const fixture = makeAndroidAttestation(root, { challenge: Uint8Array.of(1), now: NOW });
    const cert = new X509Certificate(fixture.certificates[1]!);
    const google = googleSpelling(fixture.intermediateSerial);
    // The factory's serials are small (1001, 1002, …): an odd number of hex digits, so node pads.
    expect(cert.serialNumber).toBe(`0${google.toUpperCase()}`);
    const list = parseAttestationStatusList(JSON.stringify({ entries: { [google]: { status: 'REVOKED' } } }));
    expect(list.ok && list.value.entries.has(normaliseCertificateSerial(cert.serialNumber))).toBe(true);
  });

  it.each([
    ['high bit set (DER adds a 00 byte node does not print)', 0xc8966fcb2fbb0d7an],
    ['the documented revoked example', 0x2c8cdddfd5e03bfcn],
    ['a leading zero nibble', 0x0abcn],
    ['a 128-bit serial with a zero byte after the first', 0x8400a9d0297b0eb58ae7ff0e80de7606n],
    ['one', 1n],
  ])('%s', (_label, serial) => {
    const cert = selfSignedWithSerial(serial);
    const google = googleSpelling(serial);
    expect(google).toMatch(/^[a-f1-9][a-f0-9]*$/); // Google's documented key pattern
    const list = parseAttestationStatusList(
      JSON.stringify({ entries: { [google]: { status: 'SUSPENDED' } } }),
    );
    expect(list.ok && list.value.entries.has(normaliseCertificateSerial(cert.serialNumber))).toBe(true);
    // and a list written with leading zeros or upper case (not Google's style) still matches
    const padded = parseAttestationStatusList(
      JSON.stringify({ entries: { [`00${google.toUpperCase()}`]: { status: 'REVOKED' } } }),
    );
    expect(padded.ok && padded.value.entries.has(normaliseCertificateSerial(cert.serialNumber))).toBe(true);
  });
});

describe('createAttestationStatusList against a local HTTP server', () => {
  let server: StatusServer;
  let clock: ReturnType<typeof fixedClock>;
  let timers: ManualTimers;
  let logs: LogRecorder;
  const lists: { stop(): Promise<void> }[] = [];

  beforeEach(async () => {
    server = await startStatusServer();
    clock = fixedClock(NOW);
    timers = manualTimers();
    logs = logRecorder();
  });
  afterEach(async () => {
    await Promise.all(lists.splice(0).map((l) => l.stop()));
    await server.close();
  });

  const statusList = (extra: Partial<AttestationStatusListOptions> = {}) => {
    const list = createAttestationStatusList({
      url: server.url,
      clock,
      timers,
      logger: logs,
      timeoutMs: 300,
      ...extra,
    });
    lists.push(list);
    return list;
  };

  it('serves the documented list: revoked and suspended serials are in the set, a good one is not', async () => {
    server.serve({ json: GOOGLE_EXAMPLE });
    const list = statusList();
    expect(list.isFresh()).toBe(false);
    expect(list.revokedSerials().size).toBe(0);

    const h = await list.start();

    expect(list.revokedSerials()).toEqual(new Set(['2c8cdddfd5e03bfc', 'c8966fcb2fbb0d7a']));
    expect(list.revokedSerials().has('2c8cdddfd5e03bfd')).toBe(false);
    expect(h).toMatchObject({
      fresh: true,
      lastSuccessAt: NOW,
      ageMs: 0,
      entries: 2,
      revoked: 1,
      suspended: 1,
      consecutiveFailures: 0,
      nextRefreshAt: new Date(NOW.getTime() + HOUR),
    });
    expect(h.lastError).toBeUndefined();
    expect(timers.delays()).toEqual([HOUR]); // no Cache-Control: the 1 h default
    expect(server.requests[0]!.headers.accept).toBe('application/json');
  });

  it('picks up a newly revoked serial on the next scheduled refresh', async () => {
    server.serve({ json: GOOGLE_EXAMPLE });
    const list = statusList();
    await list.start();
    expect(list.revokedSerials().has('1f00d')).toBe(false);

    server.serve({
      json: {
        entries: { ...GOOGLE_EXAMPLE.entries, '1f00d': { status: 'REVOKED', reason: 'KEY_COMPROMISE' } },
      },
    });
    clock.advance(HOUR);
    timers.fire();
    await list.refresh(); // joins the refresh the timer started

    expect(server.requests).toHaveLength(2);
    expect(list.revokedSerials().has('1f00d')).toBe(true);
    expect(list.health()).toMatchObject({ entries: 3, revoked: 2, lastSuccessAt: clock.now() });
    expect(logs.find('attestation-status-list.refreshed').at(-1)?.fields).toMatchObject({
      added: 1,
      removed: 0,
    });
  });

  it('schedules by Cache-Control: max-age − Age, between the 5 min floor and the 1 h ceiling', async () => {
    const list = statusList();
    await list.start();
    timers.clear();
    const delayFor = async (headers: Record<string, string>) => {
      server.serve({ json: GOOGLE_EXAMPLE, headers });
      await list.refresh();
      return timers.delays().at(-1);
    };
    expect(await delayFor({ 'cache-control': 'public, max-age=1200' })).toBe(20 * MINUTE);
    expect(await delayFor({ 'cache-control': 'public, max-age=1200', age: '600' })).toBe(10 * MINUTE);
    expect(await delayFor({ 'cache-control': 'max-age=86400' })).toBe(HOUR);
    expect(await delayFor({ 'cache-control': 'no-cache' })).toBe(5 * MINUTE);
    expect(await delayFor({ 'cache-control': 'max-age=10' })).toBe(5 * MINUTE);
    expect(timers.pendingCount()).toBe(1); // each refresh replaced the timer
  });

  it('asks conditionally and takes a 304 as a confirmation of the list', async () => {
    server.serve({ json: GOOGLE_EXAMPLE, headers: { etag: '"v1"' } });
    const list = statusList();
    await list.start();
    const before = list.revokedSerials();

    server.serve({ status: 304, headers: { etag: '"v1"' } });
    clock.advance(HOUR);
    const h = await list.refresh();

    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(list.revokedSerials()).toBe(before);
    expect(h).toMatchObject({ fresh: true, lastSuccessAt: clock.now(), entries: 2 });
    expect(logs.find('attestation-status-list.unchanged')).toHaveLength(1);
  });

  it.each([
    ['a 500', { status: 500 }, 'status-list.http-error', 500],
    ['invalid JSON', { raw: '{"entries": {"2c8c' }, 'status-list.invalid-json', 200],
    ['JSON in another format', { json: { entries: [] } }, 'status-list.invalid-format', 200],
    [
      'an oversized body (chunked, no Content-Length)',
      { oversized: 'chunked' },
      'status-list.too-large',
      200,
    ],
    ['an oversized body (Content-Length)', { oversized: 'declared' }, 'status-list.too-large', 200],
    ['a server that never answers', { hang: true }, 'status-list.timeout', undefined],
    // An empty list would switch the check off: Google's never is empty.
    ['an empty list', { json: { entries: {} } }, 'status-list.invalid-format', 200],
    // TLS to the configured host is all that vouches for the list: no redirect is followed.
    [
      'a redirect elsewhere',
      { status: 302, headers: { location: 'http://127.0.0.1:9/status' } },
      'status-list.network',
      undefined,
    ],
  ] as const)(
    '%s keeps the previous list and reports the error in health()',
    async (_l, behaviour, code, httpStatus) => {
      server.serve({ json: GOOGLE_EXAMPLE });
      const list = statusList({ maxBytes: 4096 });
      await list.start();
      const before = list.revokedSerials();

      server.serve(behaviour);
      clock.advance(10 * MINUTE);
      const h = await list.refresh();

      expect(list.revokedSerials()).toBe(before);
      expect(list.revokedSerials().has('2c8cdddfd5e03bfc')).toBe(true);
      expect(h).toMatchObject({
        fresh: true,
        lastSuccessAt: NOW,
        ageMs: 10 * MINUTE,
        lastAttemptAt: clock.now(),
        lastError: { code, at: clock.now(), httpStatus },
        consecutiveFailures: 1,
        entries: 2,
      });
      expect(timers.delays().at(-1)).toBe(5 * MINUTE); // retry sooner than the hourly refresh
      expect(logs.find('attestation-status-list.refresh-failed')[0]?.fields).toMatchObject({
        errorCode: code,
        consecutiveFailures: 1,
      });

      server.serve({ json: GOOGLE_EXAMPLE });
      const recovered = await list.refresh();
      expect(recovered).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: clock.now() });
      expect(recovered.lastError).toBeUndefined();
    },
  );

  it('reports a refused connection as a network error', async () => {
    const closed = await server.close().then(() => server.url);
    const list = createAttestationStatusList({ url: closed, clock, timers, logger: logs });
    lists.push(list);
    expect((await list.start()).lastError).toMatchObject({ code: 'status-list.network' });
    expect(list.revokedSerials().size).toBe(0);
    server = await startStatusServer(); // for afterEach
  });

  it('turns stale after maxAge without a good fetch, and fresh again after one', async () => {
    server.serve({ json: GOOGLE_EXAMPLE });
    const list = statusList({ maxAgeMs: 24 * HOUR });
    await list.start();

    clock.advance(24 * HOUR);
    expect(list.isFresh()).toBe(true); // exactly maxAge old is still fresh
    server.serve({ status: 503 });
    clock.advance(1);
    const stale = await list.refresh();

    expect(list.isFresh()).toBe(false);
    expect(stale).toMatchObject({ fresh: false, ageMs: 24 * HOUR + 1, lastError: { httpStatus: 503 } });
    expect(list.revokedSerials().size).toBe(2); // the last good list stays in use meanwhile
    expect(logs.find('attestation-status-list.stale')).toHaveLength(1);
    expect(logs.records.filter((r) => r.level === 'error')).toHaveLength(1);

    server.serve({ json: GOOGLE_EXAMPLE });
    expect((await list.refresh()).fresh).toBe(true);
  });

  it('is not fresh before its first success', async () => {
    server.serve({ status: 500 });
    const list = statusList();
    const h = await list.start();
    expect(h).toMatchObject({ fresh: false, entries: 0, consecutiveFailures: 1 });
    expect(h.lastSuccessAt).toBeUndefined();
    expect(list.isFresh()).toBe(false);
  });

  it('stop() clears the timer and aborts a fetch in flight without calling it a failure', async () => {
    server.serve({ json: GOOGLE_EXAMPLE });
    const list = statusList({ timeoutMs: 60_000 });
    await list.start();
    expect(timers.pendingCount()).toBe(1);

    server.serve({ hang: true });
    const pending = list.refresh();
    await server.waitForRequests(2);
    await list.stop();
    const h = await pending;

    expect(timers.pendingCount()).toBe(0);
    expect(h.lastError).toBeUndefined();
    expect(h.nextRefreshAt).toBeUndefined();
    expect(list.revokedSerials().size).toBe(2); // still readable after stop
    server.serve({ json: GOOGLE_EXAMPLE });
    await list.refresh(); // a manual refresh after stop schedules nothing
    expect(timers.pendingCount()).toBe(0);
  });

  it('with the default (real) timers, stop() leaves nothing behind', async () => {
    server.serve({ json: GOOGLE_EXAMPLE });
    const list = createAttestationStatusList({
      url: server.url,
      minRefreshIntervalMs: 20,
      refreshIntervalMs: 20,
    });
    await list.start();
    await server.waitForRequests(2); // the real timer fired once
    await list.stop();
    const seen = server.requests.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(server.requests.length).toBe(seen);
  });

  it('logs counts and statuses through the app logger, never serials or comments', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger: AttestationStatusListLogger = createLogger('info', sink); // a pino Logger fits
    server.serve({ json: GOOGLE_EXAMPLE });
    const list = statusList({ logger });
    await list.start();
    server.serve({ json: { entries: { abc: { status: 'SUSPENDED' } } } });
    await list.refresh();
    server.serve({ status: 502 });
    await list.refresh();

    const out = lines.join('');
    expect(out).toContain('"event":"attestation-status-list.refreshed"');
    expect(out).toContain('"removed":2');
    expect(out).toContain('"httpStatus":502');
    for (const secret of ['2c8cdddfd5e03bfc', 'c8966fcb2fbb0d7a', '"abc"', 'unsecure', 'b/555555']) {
      expect(out).not.toContain(secret);
    }
  });

  it('refuses settings that would weaken it', () => {
    expect(() =>
      createAttestationStatusList({ url: 'http://android.googleapis.com/attestation/status' }),
    ).toThrow(/must be https/);
    expect(() => createAttestationStatusList({ url: 'not a url' })).toThrow(/not a URL/);
    expect(() => createAttestationStatusList({ maxAgeMs: 0 })).toThrow(/maxAgeMs/);
    expect(() =>
      createAttestationStatusList({ refreshIntervalMs: MINUTE, minRefreshIntervalMs: HOUR }),
    ).toThrow(/minRefreshIntervalMs/);
  });

  it('plugged into the Android verifier: a chain whose intermediate is listed gets attestation.revoked', async () => {
    const root = makeTestRoot();
    const challenge = new Uint8Array(randomBytes(32));
    const leaked = makeAndroidAttestation(root, { challenge, now: NOW });
    const good = makeAndroidAttestation(root, { challenge, now: NOW });
    server.serve({
      json: {
        entries: {
          [googleSpelling(leaked.intermediateSerial)]: { status: 'REVOKED', reason: 'KEY_COMPROMISE' },
        },
      },
    });
    const list = statusList();
    await list.start();
    const verifier = createKeyAttestationVerifier(
      { android: { trustedRoots: [root.pem], revokedSerials: list.revokedSerials } },
      clock,
    );
    const enrol = (f: typeof leaked) =>
      verifier.verify({
        platform: 'android',
        publicKeySpki: f.devicePublicKeySpki,
        attestation: f.attestation,
        challenge,
      });

    expect(await enrol(leaked)).toMatchObject({ ok: false, code: 'attestation.revoked' });
    expect(await enrol(good)).toMatchObject({ ok: true, value: { level: 'hardware' } });

    // Revoked later: the next refresh refuses the other batch too.
    server.serve({
      json: {
        entries: {
          [googleSpelling(leaked.intermediateSerial)]: { status: 'REVOKED' },
          [googleSpelling(good.intermediateSerial)]: { status: 'SUSPENDED', reason: 'SOFTWARE_FLAW' },
        },
      },
    });
    await list.refresh();
    expect(await enrol(good)).toMatchObject({ ok: false, code: 'attestation.revoked' });
  });
});

// ---------------------------------------------------------------------------------------------

type Behaviour =
  | { json: unknown; headers?: Record<string, string> }
  | { raw: string }
  | { status: number; headers?: Record<string, string> }
  | { oversized: 'chunked' | 'declared' }
  | { hang: true };

interface StatusServer {
  url: string;
  requests: IncomingMessage[];
  serve(b: Behaviour): void;
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server playing android.googleapis.com/attestation/status. */
async function startStatusServer(): Promise<StatusServer> {
  let behaviour: Behaviour = { status: 404 };
  const requests: IncomingMessage[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res: ServerResponse) => {
    requests.push(req);
    waiters.splice(0).forEach((w) => w());
    const b = behaviour;
    if ('hang' in b) return; // never answers
    if ('json' in b) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...b.headers });
      res.end(JSON.stringify(b.json));
    } else if ('raw' in b) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(b.raw);
    } else if ('oversized' in b) {
      const body = JSON.stringify({ entries: { abc: { status: 'REVOKED', comment: 'x'.repeat(8192) } } });
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(b.oversized === 'declared' ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
      });
      if (b.oversized === 'chunked')
        for (let i = 0; i < body.length; i += 1000) res.write(body.slice(i, i + 1000));
      res.end(b.oversized === 'declared' ? body : undefined);
    } else {
      res.writeHead(b.status, b.headers ?? {});
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/attestation/status`,
    requests,
    serve: (b) => {
      behaviour = b;
    },
    waitForRequests: (n) =>
      new Promise<void>((resolve) => {
        const check = () => (requests.length >= n ? resolve() : waiters.push(check));
        check();
      }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface ManualTimers extends StatusListTimers {
  /** Every delay ever scheduled, in order. */
  delays(): number[];
  pendingCount(): number;
  /** Runs the earliest pending timer now. */
  fire(): void;
  clear(): void;
}

function manualTimers(): ManualTimers {
  const pending = new Map<number, () => void>();
  const scheduled: number[] = [];
  let next = 0;
  return {
    setTimeout(callback, ms) {
      scheduled.push(ms);
      pending.set(++next, callback);
      return next;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    delays: () => [...scheduled],
    pendingCount: () => pending.size,
    fire() {
      const first = pending.entries().next().value;
      if (!first) throw new Error('no timer pending');
      pending.delete(first[0]);
      first[1]();
    },
    clear() {
      scheduled.length = 0;
    },
  };
}

interface LogRecorder extends AttestationStatusListLogger {
  records: { level: string; fields: Record<string, unknown>; message: string }[];
  find(event: string): { level: string; fields: Record<string, unknown>; message: string }[];
}

function logRecorder(): LogRecorder {
  const records: LogRecorder['records'] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    records.push({ level, fields, message });
  };
  return {
    records,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    find: (event) => records.filter((r) => r.fields.event === event),
  };
}

/** A self-signed certificate with exactly this serial, to see how node prints it. */
function selfSignedWithSerial(serial: bigint): X509Certificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = der.seq(der.set(der.seq(der.oid('2.5.4.3'), der.utf8('Serial Probe'))));
  const algorithm = der.seq(der.oid('1.2.840.10045.4.3.2'));
  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.int(serial),
    algorithm,
    name,
    der.seq(der.time(new Date('2025-01-01T00:00:00Z')), der.time(new Date('2030-01-01T00:00:00Z'))),
    name,
    new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
  );
  return new X509Certificate(der.seq(tbs, algorithm, der.bits(sign('sha256', tbs, privateKey))));
}
