/**
 * parseArgs options for the metadata flags of `client create` and `client update`. The names
 * follow the registration fields they set (see clientMetadataFromFlags).
 */
export const CLIENT_METADATA_OPTIONS = {
  'client-id': { type: 'string' },
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  'auth-method': { type: 'string' },
  'jwks-file': { type: 'string' },
  'jwks-uri': { type: 'string' },
  scope: { type: 'string' },
  acr: { type: 'string', multiple: true },
  'application-type': { type: 'string' },
  'backchannel-logout-uri': { type: 'string' },
  preset: { type: 'string' },
  file: { type: 'string' },
} as const;
