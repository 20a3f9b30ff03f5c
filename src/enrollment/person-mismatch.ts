/** Stable codes for why a chip and a register entry are not the same person. */
export type PersonMismatchCode =
  'match.name' | 'match.given-names' | 'match.birth-date' | 'match.nationality' | 'match.document-number';

/**
 * One reason a match failed. `explanationKey` names the i18n text the page shows the user in
 * plain words; neither it nor `detail` carries the names or numbers compared, so a mismatch can be
 * logged and audited as it is.
 */
export interface PersonMismatch {
  readonly code: PersonMismatchCode;
  readonly explanationKey: `error.${PersonMismatchCode}`;
  readonly detail: string;
}

export const personMismatch = (code: PersonMismatchCode, detail: string): PersonMismatch => ({
  code,
  explanationKey: `error.${code}`,
  detail,
});
