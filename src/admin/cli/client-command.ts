import { parseArgs } from 'node:util';
import { CLIENT_HELP } from './client-help.js';
import { CLIENT_METADATA_OPTIONS } from './client-metadata-options.js';
import { clientMetadataFromFlags } from './client-metadata-from-flags.js';
import { connectFromEnv } from './connect-from-env.js';
import { formatFields } from './format-fields.js';
import { formatTable } from './format-table.js';
import { reportFailure } from './report-failure.js';
import { usageError } from './usage-error.js';

const STORE_NOW = 'Store the client secret now: it is not shown again (rotate-secret makes a new one).';
// Fields the server sets; sent back in a PUT they would be refused as unknown metadata.
const SERVER_FIELDS = ['client_id_issued_at', 'client_secret'];

type Values = Record<string, string | boolean | string[] | undefined>;

/** `client create|list|show|update|delete|rotate-secret`. */
export async function runClientCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) return usageError('client', 'missing subcommand');
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(CLIENT_HELP.client);
    return 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run || !CLIENT_HELP[sub]) return usageError('client', `unknown subcommand ${JSON.stringify(sub)}`);
  const withMetadata = sub === 'create' || sub === 'update';
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: {
        ...(withMetadata ? CLIENT_METADATA_OPTIONS : {}),
        ...(sub === 'delete' ? { yes: { type: 'boolean' } } : {}),
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return usageError(`client ${sub}`, (e as Error).message);
  }
  if (values.help) {
    console.log(CLIENT_HELP[sub]);
    return 0;
  }
  const wantsId = sub !== 'create' && sub !== 'list';
  if (wantsId && positionals.length !== 1) {
    return usageError(
      `client ${sub}`,
      positionals.length ? 'give exactly one client ID' : 'missing client ID',
    );
  }
  if (!wantsId && positionals.length > 0) {
    return usageError(`client ${sub}`, `unexpected argument ${JSON.stringify(positionals[0])}`);
  }
  return run(values, positionals[0] ?? '');
}

const SUBCOMMANDS: Record<string, (values: Values, id: string) => Promise<number>> = {
  async create(values) {
    const metadata = clientMetadataFromFlags(values);
    if (!metadata.ok) return usageError('client create', metadata.detail);
    if (Object.keys(metadata.value).length === 0) {
      return usageError('client create', 'give the metadata as flags (at least --redirect-uri) or --file');
    }
    const api = connectFromEnv();
    if (!api.ok) return usageError('client create', api.detail);
    const r = await api.value.call('POST', '/clients', metadata.value);
    if (r.kind !== 'ok') return reportFailure(r);
    printClient(r.body as Record<string, unknown>, values.json === true);
    return 0;
  },

  async list(values) {
    const api = connectFromEnv();
    if (!api.ok) return usageError('client list', api.detail);
    const r = await api.value.call('GET', '/clients');
    if (r.kind !== 'ok') return reportFailure(r);
    if (values.json) {
      console.log(JSON.stringify(r.body, null, 2));
      return 0;
    }
    const clients = (r.body as { clients?: Record<string, unknown>[] }).clients ?? [];
    if (clients.length === 0) {
      console.log('No clients registered through the admin API.');
      return 0;
    }
    const rows = clients.map((c) => {
      const uris = Array.isArray(c.redirect_uris) ? (c.redirect_uris as string[]) : [];
      return [
        String(c.client_id ?? ''),
        String(c.client_name ?? '-'),
        String(c.token_endpoint_auth_method ?? '-'),
        uris.length > 1 ? `${uris[0]} (+${uris.length - 1})` : (uris[0] ?? '-'),
        typeof c.client_id_issued_at === 'number'
          ? new Date(c.client_id_issued_at * 1000).toISOString().slice(0, 10)
          : '-',
      ];
    });
    console.log(formatTable(['CLIENT ID', 'NAME', 'AUTH METHOD', 'REDIRECT URI', 'ISSUED'], rows));
    return 0;
  },

  async show(values, id) {
    const api = connectFromEnv();
    if (!api.ok) return usageError('client show', api.detail);
    const r = await api.value.call('GET', `/clients/${encodeURIComponent(id)}`);
    if (r.kind !== 'ok') return reportFailure(r);
    printClient(r.body as Record<string, unknown>, values.json === true);
    return 0;
  },

  async update(values, id) {
    if (values.preset !== undefined) {
      return usageError(
        'client update',
        '--preset is for create only (on update, set the fields themselves)',
      );
    }
    const change = clientMetadataFromFlags(values);
    if (!change.ok) return usageError('client update', change.detail);
    if (Object.keys(change.value).length === 0) {
      return usageError('client update', 'nothing to change: give metadata flags or --file');
    }
    const api = connectFromEnv();
    if (!api.ok) return usageError('client update', api.detail);
    const current = await api.value.call('GET', `/clients/${encodeURIComponent(id)}`);
    if (current.kind !== 'ok') return reportFailure(current);
    // The PUT replaces everything: start from what is stored so unnamed fields survive.
    const merged: Record<string, unknown> = { ...(current.body as Record<string, unknown>), ...change.value };
    for (const field of SERVER_FIELDS) delete merged[field];
    for (const [field, value] of Object.entries(merged)) if (value === null) delete merged[field];
    const r = await api.value.call('PUT', `/clients/${encodeURIComponent(id)}`, merged);
    if (r.kind !== 'ok') return reportFailure(r);
    printClient(r.body as Record<string, unknown>, values.json === true);
    return 0;
  },

  async delete(values, id) {
    if (!values.yes) {
      return usageError('client delete', `deleting ${id} takes effect at once; add --yes to confirm`);
    }
    const api = connectFromEnv();
    if (!api.ok) return usageError('client delete', api.detail);
    const r = await api.value.call('DELETE', `/clients/${encodeURIComponent(id)}`);
    if (r.kind !== 'ok') return reportFailure(r);
    if (values.json) console.log(JSON.stringify({ client_id: id, deleted: true }, null, 2));
    else console.log(`Deleted client ${id}.`);
    return 0;
  },

  async 'rotate-secret'(values, id) {
    const api = connectFromEnv();
    if (!api.ok) return usageError('client rotate-secret', api.detail);
    const r = await api.value.call('POST', `/clients/${encodeURIComponent(id)}/rotate-secret`);
    if (r.kind !== 'ok') return reportFailure(r);
    printClient(r.body as Record<string, unknown>, values.json === true);
    return 0;
  },
};

/** A client as key/value lines; a secret in the answer is set apart and printed this once. */
function printClient(body: Record<string, unknown>, json: boolean): void {
  const { client_secret: secret, ...client } = body;
  if (json) {
    console.log(JSON.stringify(body, null, 2));
    if (typeof secret === 'string') console.error(STORE_NOW);
    return;
  }
  console.log(formatFields(client));
  if (typeof secret === 'string') {
    console.log('');
    console.log(`client_secret: ${secret}`);
    console.log(STORE_NOW);
  }
}
