/**
 * ISO 3166-1 alpha-2 (as in a CSCA's `C=`) → the ICAO 9303-3 three-letter code printed in the
 * MRZ. Only the countries tests and the CLI use; Germany is the famous exception (`D`), and
 * `UT`/`UTO` is ICAO's fictional Utopia from the specimen documents.
 */
const CODES: Readonly<Record<string, string>> = {
  AT: 'AUT',
  BE: 'BEL',
  CH: 'CHE',
  CZ: 'CZE',
  DE: 'D',
  DK: 'DNK',
  EE: 'EST',
  ES: 'ESP',
  FI: 'FIN',
  FR: 'FRA',
  GB: 'GBR',
  IE: 'IRL',
  IS: 'ISL',
  IT: 'ITA',
  LT: 'LTU',
  LV: 'LVA',
  NL: 'NLD',
  NO: 'NOR',
  PL: 'POL',
  PT: 'PRT',
  SE: 'SWE',
  UA: 'UKR',
  US: 'USA',
  UT: 'UTO',
};

/**
 * @example
 *   icaoStateCode('DE'); // 'D'
 *   icaoStateCode('XX'); // undefined
 */
export function icaoStateCode(alpha2: string): string | undefined {
  return CODES[alpha2.toUpperCase()];
}
