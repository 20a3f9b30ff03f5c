import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { buildDeviceJws } from '../app/build-device-jws.js';

/** A pending request as the app API returns it. */
export interface PendingRequest {
  readonly id: string;
  readonly type: 'activate' | 'login' | 'ciba';
  readonly nonce: string;
  /** Absent for `activate`: the person types the code the browser shows into the app. */
  readonly verification_code?: string;
  readonly rp_name: string;
  readonly binding_message?: string;
  readonly expires_at: string;
}

export interface ApiReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** What the CLI keeps between runs (a test key of a simulated phone, never a real one). */
export interface SimulatorState {
  readonly baseUrl: string;
  readonly deviceId: string;
  readonly privateKeyPem: string;
  readonly activationSecret?: string;
}

const now = () => Math.floor(Date.now() / 1000);
const jti = () => randomBytes(16).toString('base64url');

/**
 * A simulated authenticator app speaking the real app API with a node:crypto P-256 key: used by
 * the CLI (`npm run app-sim`), the login benchmark and the integration tests, so all three build
 * exactly the JWS the real app must build.
 *
 * @example
 *   const app = await AppSimulator.enroll(issuer, { pid, activationSecret });
 *   const request = await app.pending(10);
 *   // step 1 of the activation: the code typed from the browser page; later logins: omit it
 *   await app.respond(request!, 'approve', { code: codeShownInTheBrowser });
 */
export class AppSimulator {
  private constructor(
    readonly baseUrl: string,
    readonly privateKey: KeyObject,
    readonly deviceId: string,
    readonly activationSecret: string | undefined,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** Enrols a new simulated phone; throws with the API's error when refused (see `tryEnroll`). */
  static async enroll(
    baseUrl: string,
    input: {
      pid: string;
      activationSecret: string;
      platform?: string;
      pushToken?: string;
      fetch?: typeof fetch;
    },
  ): Promise<AppSimulator> {
    const r = await AppSimulator.tryEnroll(baseUrl, input);
    if (!('sim' in r)) throw new Error(`enrolment refused: ${r.status} ${JSON.stringify(r.body)}`);
    return r.sim;
  }

  static async tryEnroll(
    baseUrl: string,
    input: {
      pid: string;
      activationSecret: string;
      platform?: string;
      pushToken?: string;
      fetch?: typeof fetch;
    },
  ): Promise<{ sim: AppSimulator } | ApiReply> {
    const f = input.fetch ?? fetch;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
    const challenge = (await (await f(`${baseUrl}/api/app/v1/challenges`, { method: 'POST' })).json()) as {
      challenge: string;
    };
    const jws = await buildDeviceJws(
      privateKey,
      { jwk: { kty, crv, x, y } as JWK },
      {
        op: 'enroll',
        pid: input.pid,
        activation_secret: input.activationSecret,
        platform: input.platform ?? 'android',
        app_version: 'app-sim/1',
        ...(input.pushToken ? { push_token: input.pushToken } : {}),
        challenge: challenge.challenge,
        iat: now(),
      },
    );
    const res = await f(`${baseUrl}/api/app/v1/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jws }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 201) return { status: res.status, body };
    return {
      sim: new AppSimulator(baseUrl, privateKey, body.device_id as string, input.activationSecret, f),
    };
  }

  static fromState(state: SimulatorState, fetchImpl: typeof fetch = fetch): AppSimulator {
    return new AppSimulator(
      state.baseUrl,
      createPrivateKey(state.privateKeyPem),
      state.deviceId,
      state.activationSecret,
      fetchImpl,
    );
  }

  /** The same device id signed by another key: what an attacker who knows the id can do. */
  withKey(privateKey: KeyObject): AppSimulator {
    return new AppSimulator(this.baseUrl, privateKey, this.deviceId, this.activationSecret, this.fetchImpl);
  }

  toState(): SimulatorState {
    return {
      baseUrl: this.baseUrl,
      deviceId: this.deviceId,
      privateKeyPem: this.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      ...(this.activationSecret ? { activationSecret: this.activationSecret } : {}),
    };
  }

  sign(payload: Record<string, unknown>): Promise<string> {
    return buildDeviceJws(this.privateKey, { kid: this.deviceId }, payload);
  }

  private async call(
    method: string,
    path: string,
    init: { auth?: string; jws?: string } = {},
  ): Promise<ApiReply> {
    const res = await this.fetchImpl(`${this.baseUrl}/api/app/v1${path}`, {
      method,
      headers: {
        ...(init.auth ? { authorization: `Device ${init.auth}` } : {}),
        ...(init.jws ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.jws ? { body: JSON.stringify({ jws: init.jws }) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async pendingReply(waitSeconds = 0): Promise<ApiReply> {
    const auth = await this.sign({ op: 'pending', iat: now(), jti: jti() });
    return this.call('GET', `/requests/pending?wait=${waitSeconds}`, { auth });
  }

  /** The pending request, or null; throws on an API error. */
  async pending(waitSeconds = 0): Promise<PendingRequest | null> {
    const r = await this.pendingReply(waitSeconds);
    if (r.status !== 200) throw new Error(`pending: ${r.status} ${JSON.stringify(r.body)}`);
    return (r.body.request as PendingRequest | null) ?? null;
  }

  /**
   * Answers `request` as the real app does. `code` is what the person typed (an `activate`
   * request carries no code: the browser shows it); the other fields change signed values for
   * negative tests.
   */
  async respond(
    request: PendingRequest,
    decision: 'approve' | 'deny',
    fields: Partial<Record<'rid' | 'nonce' | 'code' | 'rp' | 'activation_secret', string>> & {
      path?: string;
    } = {},
  ): Promise<ApiReply> {
    const { path, ...signed } = fields;
    const code = signed.code ?? request.verification_code ?? (decision === 'deny' ? '' : undefined);
    if (code === undefined)
      throw new Error('an activation request needs the code the browser shows: respond(r, d, { code })');
    const jws = await this.sign({
      op: 'respond',
      rid: request.id,
      nonce: request.nonce,
      code,
      rp: request.rp_name,
      decision,
      uv: 'biometric',
      iat: now(),
      ...(request.type === 'activate' && this.activationSecret
        ? { activation_secret: this.activationSecret }
        : {}),
      ...signed,
    });
    return this.respondRaw(path ?? request.id, jws);
  }

  respondRaw(requestId: string, jws: string): Promise<ApiReply> {
    return this.call('POST', `/requests/${encodeURIComponent(requestId)}/response`, { jws });
  }

  /**
   * Waits for the next request and answers it; null when none came within `waitSeconds`.
   * `code`: what the person typed from the browser (needed for an activation).
   */
  async answerNext(
    decision: 'approve' | 'deny',
    waitSeconds = 10,
    typed: { code?: string } = {},
  ): Promise<{ request: PendingRequest; reply: ApiReply } | null> {
    const request = await this.pending(waitSeconds);
    if (!request) return null;
    return { request, reply: await this.respond(request, decision, typed.code ? { code: typed.code } : {}) };
  }

  async listDevices(): Promise<ApiReply> {
    return this.call('GET', '/devices', {
      auth: await this.sign({ op: 'list-devices', iat: now(), jti: jti() }),
    });
  }

  async removeDevice(deviceId: string): Promise<ApiReply> {
    const auth = await this.sign({ op: 'remove-device', device_id: deviceId, iat: now(), jti: jti() });
    return this.call('DELETE', `/devices/${encodeURIComponent(deviceId)}`, { auth });
  }

  async reportPinBlocked(): Promise<ApiReply> {
    return this.call('POST', '/pin-blocked', {
      jws: await this.sign({ op: 'pin-blocked', iat: now(), jti: jti() }),
    });
  }
}
