/**
 * What the matching rules need from a verified chip: DG1's MRZ fields as `parseMrz` returns them
 * (`<` already turned into spaces in the names). `format` decides the length of the MRZ name
 * field and so when a name may have been truncated; without it, document codes starting with `P`
 * are taken as TD3 (passport) and everything else as TD1 (ID card).
 */
export interface ChipHolder {
  readonly primaryIdentifier: string;
  readonly secondaryIdentifier: string;
  /** YYMMDD; `<` or `X` mark unknown parts. */
  readonly dateOfBirth: string;
  readonly nationality: string;
  readonly documentNumber: string;
  readonly documentCode: string;
  readonly issuingState: string;
  readonly format?: 'TD1' | 'TD2' | 'TD3';
}
