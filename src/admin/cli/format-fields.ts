/**
 * One record as `key  value` lines with aligned values. Lists put one item per line so URLs can
 * be copied; key sets are summarised (the keys themselves are in --json).
 */
export function formatFields(record: Record<string, unknown>): string {
  const entries = Object.entries(record).filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  const lines: string[] = [];
  for (const [key, value] of entries) {
    const items = describe(key, value);
    items.forEach((item, i) => lines.push(`${(i === 0 ? key : '').padEnd(width)}  ${item}`.trimEnd()));
  }
  return lines.join('\n');
}

function describe(key: string, value: unknown): string[] {
  if (Array.isArray(value)) return value.length === 0 ? ['(none)'] : value.map((v) => scalar(v));
  if (key === 'jwks' && typeof value === 'object' && value !== null) {
    const keys = ((value as { keys?: unknown }).keys ?? []) as { kid?: unknown; kty?: unknown }[];
    const names = keys.map((k) => `${String(k.kty)}${typeof k.kid === 'string' ? ` ${k.kid}` : ''}`);
    return [
      `${keys.length} key${keys.length === 1 ? '' : 's'}${names.length ? ` (${names.join(', ')})` : ''}`,
    ];
  }
  if (key === 'client_id_issued_at' && typeof value === 'number') {
    return [new Date(value * 1000).toISOString().replace('.000Z', 'Z')];
  }
  return [scalar(value)];
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
