import { connectFromEnv } from './connect-from-env.js';
import { ENV_HELP } from './env-help.js';
import { formatFields } from './format-fields.js';
import { formatTable } from './format-table.js';
import { readSecret } from './read-secret.js';
import { reportFailure } from './report-failure.js';
import { parseSupportCommand } from './parse-support-command.js';
import { usageError } from './usage-error.js';

const REASONS = ['lost', 'stolen', 'suspected-fraud', 'holder-request', 'other'];

const HELP: Record<string, string> = {
  device: `Usage: npm run admin -- device list|block|unblock [options]

Support for authenticator app devices (roles admin and support; every call is audited).

  list                          a person's eID and devices; asks for the identity number
  block ID --reason REASON      block a device (lost or stolen phone); revokes its certificate
  unblock ID                    lift a block made by support

${ENV_HELP}`,
  list: `Usage: npm run admin -- device list [--json]

Asks for the person's identity number (fødselsnummer or D-number) without echoing it, or reads it
from stdin, so it stays out of shell history and process lists; it is sent in the request body,
never in a URL. Shows the eID's status and the person's devices.

  --json   print {eid, devices} as the API returns it

${ENV_HELP}`,
  block: `Usage: npm run admin -- device block ID --reason REASON [--json]

Blocks a device: it can no longer approve logins and its certificate is revoked (listed in the CRL).

  --reason REASON   one of ${REASONS.join(', ')}
  --json            print the device as the API returns it

${ENV_HELP}`,
  unblock: `Usage: npm run admin -- device unblock ID [--json]

Lifts a block made by support. A device the app blocked itself (PIN entered wrong three times)
needs a new activation instead.

  --json   print the device as the API returns it

${ENV_HELP}`,
};

/** `device list|block|unblock`. */
export async function runDeviceCommand(argv: string[]): Promise<number> {
  const parsed = parseSupportCommand('device', argv, {
    subs: ['list', 'block', 'unblock'] as const,
    help: HELP,
    reasonSub: 'block',
  });
  if (typeof parsed === 'number') return parsed;
  const { sub, values, positionals } = parsed;
  const wantsId = sub !== 'list';
  if (wantsId && positionals.length !== 1) {
    return usageError(
      `device ${sub}`,
      positionals.length ? 'give exactly one device ID' : 'missing device ID',
    );
  }
  if (!wantsId && positionals.length > 0) {
    // An identity number typed as an argument would sit in shell history: refuse it.
    return usageError('device list', 'the identity number is asked for, not given as an argument');
  }
  if (sub === 'block' && (values.reason === undefined || !REASONS.includes(values.reason))) {
    return usageError('device block', `--reason must be one of ${REASONS.join(', ')}`);
  }
  const api = connectFromEnv();
  if (!api.ok) return usageError(`device ${sub}`, api.detail);

  if (sub === 'list') {
    const pid = (await readSecret('Identity number: '))?.trim();
    if (!pid) return usageError('device list', 'no identity number given');
    const r = await api.value.call('POST', '/person-lookup', { pid });
    if (r.kind !== 'ok') return reportFailure(r);
    if (values.json) {
      console.log(JSON.stringify(r.body, null, 2));
      return 0;
    }
    const { eid, devices } = r.body as {
      eid: Record<string, unknown> | null;
      devices: Record<string, string | undefined>[];
    };
    console.log(eid ? formatFields(eid) : 'No eID has been issued to this person.');
    console.log('');
    console.log(
      devices.length
        ? formatTable(
            ['ID', 'STATUS', 'PLATFORM', 'APP', 'ATTESTATION'],
            devices.map((d) => [
              d.id ?? '-',
              d.status ?? '-',
              d.platform ?? '-',
              d.appVersion ?? '-',
              d.attestation ?? '-',
            ]),
          )
        : 'No devices.',
    );
    return 0;
  }
  const id = encodeURIComponent(positionals[0]!);
  const r = await api.value.call(
    'POST',
    `/devices/${id}/${sub}`,
    sub === 'block' ? { reason: values.reason } : {},
  );
  if (r.kind !== 'ok') return reportFailure(r);
  console.log(
    values.json ? JSON.stringify(r.body, null, 2) : formatFields(r.body as Record<string, unknown>),
  );
  return 0;
}
