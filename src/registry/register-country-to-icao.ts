/*
 * Folkeregisteret codes countries with ISO 3166-1 alpha-3 plus UDI's extensions (XXX stateless,
 * XUK unknown, XXK Kosovo). Passports carry ICAO 9303-3 codes, which are alpha-3 too except where
 * listed here, so the matcher can compare the register with DG1 directly.
 */
const REGISTER_TO_ICAO: Readonly<Record<string, string>> = {
  // ICAO 9303-3: Germany is the single letter D (in the MRZ "D<<").
  DEU: 'D',
  // Stateless: the register's XXX is ICAO's XXA ("stateless person").
  XXX: 'XXA',
  // Unknown citizenship: ICAO's XXX means "unspecified nationality".
  XUK: 'XXX',
  // Kosovo: UDI's user-assigned XXK; Kosovo passports carry RKS.
  XXK: 'RKS',
};

/**
 * The ICAO 9303 code for a country code as Folkeregisteret returns it, or undefined when the value
 * is not a three-letter code at all (the caller treats that as an unreadable answer). Codes with no
 * ICAO difference — including historical ones such as SUN or YUG — pass through unchanged.
 *
 * @example registerCountryToIcao('DEU') // 'D'
 */
export function registerCountryToIcao(code: string): string | undefined {
  const c = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) return undefined;
  return REGISTER_TO_ICAO[c] ?? c;
}
