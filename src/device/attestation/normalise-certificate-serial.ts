/**
 * One spelling for a certificate serial number, so two spellings of the same number compare
 * equal: lower case, without leading zeros (a lone `0` stays `0`).
 *
 * - node's `X509Certificate.serialNumber` prints upper case hex padded to whole bytes
 *   (`03E9`, `0ABC`);
 * - Google's attestation status list writes the number "in lowercase hex" with no leading zero
 *   (its JSON Schema: property names match `^[a-f1-9][a-f0-9]*$`), i.e. `3e9`, `abc`.
 *
 * `verify-android-key-attestation.ts` applies it to both sides before it compares (the test
 * `attestation-status-list.test.ts` checks a real certificate against a list entry).
 * Negative serials (node prints `-05`) cannot occur in Google's list: its key pattern has no sign.
 *
 * @example
 *   normaliseCertificateSerial('03E9'); // '3e9'
 *   normaliseCertificateSerial('00C8966FCB2FBB0D7A'); // 'c8966fcb2fbb0d7a'
 */
export function normaliseCertificateSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}
