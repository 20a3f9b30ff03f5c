import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../config/load-config.js';
import { clientMetadataSchema, type ClientMetadata } from './client-metadata-schema.js';

/**
 * Reads the static client registrations (CLIENTS_FILE, a JSON array). A bad entry stops start-up
 * with the client's position, the field and the rule it broke.
 */
export function loadClients(file: string | undefined): ClientMetadata[] {
  if (!file) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why =
      e instanceof SyntaxError
        ? 'is not valid JSON'
        : `cannot be read (${(e as NodeJS.ErrnoException).code})`;
    throw configError(`CLIENTS_FILE: ${file} ${why}`, { cause: e });
  }
  const parsed = z.array(clientMetadataSchema).safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) =>
        `CLIENTS_FILE: ${file}: clients[${String(i.path[0])}].${i.path.slice(1).join('.')}: ${i.message}`,
    );
    throw configError(lines.join('\n'));
  }
  const ids = parsed.data.map((c) => c.client_id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw configError(`CLIENTS_FILE: ${file}: client_id ${dup} is registered twice`);
  return parsed.data;
}

/** A bad file named by configuration stops start-up like any other bad setting (exit 78). */
function configError(message: string, options?: { cause: unknown }): ConfigError {
  const e = new ConfigError(message.split('\n'));
  if (options) e.cause = options.cause;
  return e;
}
