/**
 * npm run app-sim -- <command> [options]: a simulated authenticator app for scripts and demos.
 * It speaks the real app API with a P-256 test key kept in a state file (never use it for a
 * real person).
 *
 *   enroll --pid <identity number> --code <activation code> [--issuer URL] [--push-token T]
 *   pending [--wait S]            show the waiting request (verification code, service)
 *   approve [--wait S] [--typed-code C]
 *                                 approve the next request (waits up to S seconds, default 30);
 *                                 enabling the eID needs C, the code the browser shows
 *   deny [--wait S] [--typed-code C]   decline the next request
 *   devices                       list this person's devices
 *   remove <device id>            remove a device (its certificate is revoked)
 *   pin-blocked                   report three wrong PINs (blocks this device)
 *
 * Options: --state FILE (default data/app-sim.json), --issuer URL (default http://localhost:3000).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AppSimulator, type SimulatorState } from '../app-simulator.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    issuer: { type: 'string', default: process.env.ISSUER ?? 'http://localhost:3000' },
    state: { type: 'string', default: 'data/app-sim.json' },
    pid: { type: 'string' },
    code: { type: 'string' },
    'typed-code': { type: 'string' },
    'push-token': { type: 'string' },
    wait: { type: 'string', default: '30' },
    help: { type: 'boolean', short: 'h' },
  },
});

const usage = () => {
  const text = readFileSync(new URL(import.meta.url), 'utf8');
  console.log(
    /\/\*\*([\s\S]*?)\*\//
      .exec(text)![1]!
      .replace(/^ \* ?/gm, '')
      .trim(),
  );
};

const load = (): AppSimulator => {
  let state: SimulatorState;
  try {
    state = JSON.parse(readFileSync(values.state!, 'utf8')) as SimulatorState;
  } catch {
    throw new Error(`no simulated phone in ${values.state}; run "npm run app-sim -- enroll" first`);
  }
  return AppSimulator.fromState(state);
};
const print = (o: unknown) => console.log(JSON.stringify(o, null, 2));

async function main(): Promise<number> {
  const [command, arg] = positionals;
  if (values.help || !command) {
    usage();
    return command ? 0 : 64;
  }
  const wait = Number(values.wait);
  switch (command) {
    case 'enroll': {
      if (!values.pid || !values.code) throw new Error('enroll needs --pid and --code');
      const r = await AppSimulator.tryEnroll(values.issuer!, {
        pid: values.pid,
        activationSecret: values.code,
        ...(values['push-token'] ? { pushToken: values['push-token'] } : {}),
      });
      if (!('sim' in r)) {
        print(r.body);
        return 1;
      }
      mkdirSync(dirname(values.state!), { recursive: true });
      writeFileSync(values.state!, JSON.stringify(r.sim.toState(), null, 2), { mode: 0o600 });
      console.log(`enrolled device ${r.sim.deviceId}; now log in with the identity number to enable it`);
      return 0;
    }
    case 'pending':
      print({ request: await load().pending(wait) });
      return 0;
    case 'approve':
    case 'deny': {
      const typed = values['typed-code'];
      const r = await load().answerNext(command, wait, typed ? { code: typed } : {});
      if (!r) {
        console.log('no request came');
        return 2;
      }
      print({
        request: {
          type: r.request.type,
          ...(r.request.verification_code ? { verification_code: r.request.verification_code } : {}),
          rp_name: r.request.rp_name,
        },
        status: r.reply.status,
        ...r.reply.body,
      });
      return r.reply.status === 200 ? 0 : 1;
    }
    case 'devices': {
      const r = await load().listDevices();
      print(r.body);
      return r.status === 200 ? 0 : 1;
    }
    case 'remove': {
      if (!arg) throw new Error('remove needs a device id');
      const r = await load().removeDevice(arg);
      print({ status: r.status, ...r.body });
      return r.status === 204 ? 0 : 1;
    }
    case 'pin-blocked': {
      const r = await load().reportPinBlocked();
      print({ status: r.status, ...r.body });
      return r.status === 200 ? 0 : 1;
    }
    default:
      usage();
      return 64;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`app-sim: ${(e as Error).message}`);
    process.exit(1);
  },
);
