import { sign } from 'node:crypto';
import { AppSimulator } from '../../src/device/simulator/app-simulator.js';
import { pidFor } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { issueEid } from './support/app-login.js';

/** What the app API refuses before any rule runs: message typing, and anonymous floods. */
describe('app API limits and message typing', () => {
  let op: RunningProvider;
  beforeAll(async () => {
    op = await startProvider();
  });
  afterAll(() => op.cleanup());

  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  /** A compact JWS ES256 with any header (jose would refuse to write some of them). */
  const jwsWith = (phone: AppSimulator, header: Record<string, unknown>, payload: object) => {
    const input = `${b64(header)}.${b64(payload)}`;
    const sig = sign('sha256', Buffer.from(input), { key: phone.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${sig.toString('base64url')}`;
  };
  const pendingWith = async (phone: AppSimulator, header: Record<string, unknown>) => {
    const jws = jwsWith(phone, header, {
      op: 'pending',
      iat: Math.floor(Date.now() / 1000),
      jti: `jti-${Math.random().toString(36).slice(2)}`,
    });
    const res = await fetch(`${op.issuer}/api/app/v1/requests/pending`, {
      headers: { authorization: `Device ${jws}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  test('a device JWS needs typ passport-eid-device+jws and no crit header', async () => {
    const pid = pidFor('1961-03-03');
    const phone = await AppSimulator.enroll(op.issuer, {
      pid,
      activationSecret: await issueEid(op.app, pid),
    });
    const kid = phone.deviceId;
    const typ = 'passport-eid-device+jws';
    expect(await pendingWith(phone, { alg: 'ES256', typ, kid })).toMatchObject({ status: 200 });
    for (const header of [
      { alg: 'ES256', kid },
      { alg: 'ES256', typ: 'JWT', kid },
      { alg: 'ES256', typ, kid, crit: ['x-policy'], 'x-policy': 'ignore-me' },
    ]) {
      expect(await pendingWith(phone, header)).toMatchObject({
        status: 400,
        body: { error: 'device_jws.malformed' },
      });
    }
  });

  test('the per-person enrolment limit counts every spelling of one identity number', async () => {
    const pid = pidFor('1962-04-04');
    await issueEid(op.app, pid);
    const spellings = [...Array(11).keys()].map((i) => `${pid.slice(0, i + 1)} ${pid.slice(i + 1)}`.trim());
    const answers: unknown[] = [];
    for (const spelling of spellings) {
      const r = await AppSimulator.tryEnroll(op.issuer, {
        pid: spelling,
        activationSecret: 'AAAA-BBBB-CCCC-DDDD',
      });
      answers.push('sim' in r ? 'enrolled' : r.body.error);
    }
    expect(answers).toEqual([...Array<string>(10).fill('activation.invalid'), 'enroll.rate-limited']);
  });

  test('challenges are limited per source address', async () => {
    const statuses: number[] = [];
    let refusal: unknown;
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${op.issuer}/api/app/v1/challenges`, { method: 'POST' });
      statuses.push(res.status);
      if (res.status === 429) refusal = await res.json();
      else await res.arrayBuffer();
    }
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(30);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
    expect(refusal).toMatchObject({ error: 'challenge.rate-limited' });
  });
});
