import type { TextKey } from './demo-rp-texts.js';

const EXPLAINED = new Set([
  'pid',
  'acr',
  'amr',
  'sub',
  'sid',
  'locale',
  'auth_time',
  'iss',
  'aud',
  'iat',
  'exp',
  'nonce',
]);
const TIMES = new Set(['auth_time', 'iat', 'exp']);

/** Claims as table rows: values as text (arrays joined, times as ISO), known claims explained. */
export function claimRows(
  claims: Record<string, unknown>,
  t: (key: TextKey) => string,
): { name: string; value: string; meaning: string }[] {
  return Object.entries(claims).map(([name, v]) => ({
    name,
    value:
      TIMES.has(name) && typeof v === 'number'
        ? new Date(v * 1000).toISOString()
        : Array.isArray(v)
          ? v.join(', ')
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v),
    meaning: EXPLAINED.has(name) ? t(`claim.${name}` as TextKey) : '',
  }));
}
