// ICAO 9303-3 §5 codes that differ from ISO 3166-1 alpha-3 for the same state. The British
// variants are all GBR nationality for a register; Kosovo is RKS in passports and XXK in several
// registers, including the Norwegian one.
const CANONICAL: Readonly<Record<string, string>> = {
  D: 'DEU',
  GBD: 'GBR',
  GBN: 'GBR',
  GBO: 'GBR',
  GBP: 'GBR',
  GBS: 'GBR',
  RKS: 'XXK',
};

const canonical = (code: string): string => {
  const c = code.toUpperCase().replace(/[<\s]/g, '');
  return CANONICAL[c] ?? c;
};

/** Whether two country codes (ICAO 9303 or ISO alpha-3, any case, MRZ fillers allowed) name one state. */
export function sameCountry(a: string, b: string): boolean {
  const x = canonical(a);
  return x.length > 0 && x === canonical(b);
}
