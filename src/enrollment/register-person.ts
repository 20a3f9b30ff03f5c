/**
 * What the matching rules need from the population register (the registry port maps its
 * adapter's records to this). Names in Unicode as registered; `citizenships` and document
 * `country` as ISO 3166-1 alpha-3 (or ICAO 9303 codes, which are compared as equivalent).
 */
export interface RegisterPerson {
  readonly givenNames: readonly string[];
  readonly familyName: string;
  /** Norwegian "mellomnavn": may stand in front of the family name or among the given names. */
  readonly middleName?: string | undefined;
  /** YYYY-MM-DD; `00` for a month or day the register does not know. */
  readonly birthDate: string;
  readonly citizenships: readonly string[];
  readonly documents: readonly { readonly number: string; readonly country?: string | undefined }[];
}
