import { ber, type BerNode } from './ber.js';

const SHORT: Record<string, string> = {
  '2.5.4.6': 'C',
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/**
 * A Name (SEQUENCE OF SET OF AttributeTypeAndValue) as readable text in certificate order, plus a
 * comparison key that ignores RDN order, case and surrounding blanks, because CSCAs and DSCs of
 * several states disagree on all three. Undefined when the node is not a Name.
 */
export function describeName(
  name: BerNode | undefined,
): { text: string; key: string; country?: string } | undefined {
  const rdns = ber.seq(name);
  if (!rdns) return undefined;
  const parts: string[] = [];
  const keys: string[] = [];
  let country: string | undefined;
  for (const rdn of rdns) {
    const set = ber.set(rdn);
    if (!set) return undefined;
    for (const atv of set) {
      const pair = ber.seq(atv);
      const type = ber.oid(pair?.[0]);
      if (!pair || !type || !pair[1]) return undefined;
      const value = ber.string(pair[1]) ?? Buffer.from(ber.raw(pair[1])).toString('hex');
      parts.push(`${SHORT[type] ?? type}=${value}`);
      keys.push(`${type}=${value.trim().replace(/\s+/g, ' ').toLowerCase()}`);
      if (type === '2.5.4.6' && country === undefined) country = value.trim().toUpperCase();
    }
  }
  keys.sort();
  return { text: parts.join(', '), key: keys.join('|'), ...(country !== undefined ? { country } : {}) };
}
