import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../shared/result.js';

const STRING_FIELDS: Record<string, string> = {
  'client-id': 'client_id',
  name: 'client_name',
  'auth-method': 'token_endpoint_auth_method',
  'jwks-uri': 'jwks_uri',
  'application-type': 'application_type',
  'backchannel-logout-uri': 'backchannel_logout_uri',
  preset: 'preset',
};
const LIST_FIELDS: Record<string, string> = {
  'redirect-uri': 'redirect_uris',
  'post-logout-redirect-uri': 'post_logout_redirect_uris',
  acr: 'default_acr_values',
};

type FlagValues = Record<string, string | boolean | string[] | undefined>;

/**
 * Registration metadata from the command line: `--file` (a JSON object) first, then the flags
 * over it. Values are passed on unchecked: the server validates, and its error names the field.
 * A repeatable flag replaces the whole list, so `--redirect-uri` twice means exactly those two.
 */
export function clientMetadataFromFlags(values: FlagValues): Result<Record<string, unknown>, 'usage'> {
  let metadata: Record<string, unknown> = {};
  if (typeof values.file === 'string') {
    const r = readJsonFile(values.file);
    if (!r.ok) return r;
    if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) {
      return err('usage', `${values.file} must hold one JSON object with the client's metadata`);
    }
    metadata = { ...(r.value as Record<string, unknown>) };
  }
  for (const [flag, field] of Object.entries(STRING_FIELDS)) {
    const v = values[flag];
    if (typeof v === 'string') metadata[field] = v;
  }
  for (const [flag, field] of Object.entries(LIST_FIELDS)) {
    const v = values[flag];
    if (Array.isArray(v)) metadata[field] = v;
  }
  if (typeof values.scope === 'string')
    metadata.scope = values.scope
      .split(/[\s,]+/)
      .filter(Boolean)
      .join(' ');
  if (typeof values['jwks-file'] === 'string') {
    const r = readJsonFile(values['jwks-file']);
    if (!r.ok) return r;
    const jwks = r.value as { keys?: unknown; kty?: unknown } | null;
    // A single JWK is accepted too: that is what most key tools write for one key.
    if (jwks && typeof jwks === 'object' && Array.isArray(jwks.keys)) metadata.jwks = jwks;
    else if (jwks && typeof jwks === 'object' && typeof jwks.kty === 'string')
      metadata.jwks = { keys: [jwks] };
    else return err('usage', `${values['jwks-file']} is neither a JWK set ({"keys": [...]}) nor a JWK`);
  }
  return ok(metadata);
}

function readJsonFile(file: string): Result<unknown, 'usage'> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return err('usage', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err('usage', `${file} is not valid JSON: ${(e as Error).message}`);
  }
}
