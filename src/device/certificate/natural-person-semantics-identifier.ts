/**
 * The subject `serialNumber` of a device certificate in the natural person semantics
 * identifier form of ETSI EN 319 412-1 §5.1.3: a 3-character identity type reference, the
 * 2-character ISO 3166-1 country code, a hyphen-minus, then the identifier. The type is `PNO`
 * ("(national) personal number (national civic registration number)") and the country `NO`:
 * a Norwegian fødselsnummer and a D-number are both identifiers of the National Population
 * Register (folkeregisteridentifikator), the register the person was matched against at
 * registration, and unlike a passport number (`PAS`) they do not change when the document is
 * renewed. The certificate thereby carries the person's identity number: that is its purpose
 * (relying parties identify the signer by it), so it must never be logged like other data.
 *
 * The caller passes a checked number (`parseIdentityNumber`); this only assembles the string.
 *
 * @example
 *   naturalPersonSemanticsIdentifier('01817112390'); // 'PNONO-01817112390'
 */
export function naturalPersonSemanticsIdentifier(identityNumber: string): string {
  return `PNONO-${identityNumber}`;
}
