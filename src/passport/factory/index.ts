/**
 * Test passport factory (ICAO Doc 9303 parts 10–12): generated country signing PKIs and eMRTD
 * chips signed by them, for tests, the benchmark and the `make-test-passport` CLI command.
 * Every certificate it makes says `O=TEST eMRTD factory (not for production)`, which
 * `is-test-csca.ts` recognises so that production policy refuses it.
 *
 * PKI — `makeTestPki({ country, variant?, now?, cscaValidity?, dscValidity?, withLinkCertificate? })`
 *   → `{ csca, dsc, previousCsca?, linkCertificate?, profile, issueDsc(o?), makeCrl({ revokedSerials }) }`
 *   - variants: `rsa` (RSA-2048, sha256WithRSAEncryption), `pss` (RSA-2048, RSASSA-PSS SHA-256,
 *     MGF1-SHA-256, salt 32, explicit parameters), `brainpool` (brainpoolP256r1, ecdsa-with-SHA256);
 *   - `csca`/`dsc` are `TestCertificate`s: `{ certDer, privateKey, publicKey, serial, subject,
 *     issuer, keyIdentifier, notBefore, notAfter }`;
 *   - `issueDsc({ validity, keyPair: pki.dsc })` makes another DSC (expired, not yet valid, to be
 *     revoked) without generating a new key; `makeCrl` signs a v2 CRL with the CSCA;
 *   - `withLinkCertificate`: `csca` is a new key certified by `previousCsca` through `linkCertificate`.
 *
 * Chip — `makeTestChip({ pki, person, format?, dsc?, aa?, aaRsaBits?, aaRsaHash?, aaCurve?,
 *   aaKeyPair?, dg2Bytes?, withoutDg2?, ldsV1?, signingTime?, corrupt? })`
 *   → `{ com, dataGroups: {1, 2, 14, 15?}, sod, mrz, aaKeyPair?, answerActiveAuthentication(challenge) }`
 *   - DG1 TD3 (or TD1) MRZ with correct check digits; DG2 an ISO/IEC 19794-5 record with a
 *     generated greyscale JPEG, padded to `dg2Bytes`; DG14 ChipAuthenticationInfo + key, and
 *     ActiveAuthenticationInfo (ecdsa-plain-SHA256) for EC AA; DG15 the AA SPKI; EF.SOD CMS
 *     SignedData over an LDSSecurityObject of SHA-256 hashes, signed by the DSC;
 *   - AA: `rsa` (default 1024-bit, ISO/IEC 9796-2 scheme 1, SHA-1 trailer 0xBC), `ec` (P-256 by
 *     default, plain r‖s), `none`;
 *   - `corrupt`: `mrzCheckDigit`, `unlistedDataGroups`, `wrongHashFor`, `sodSigningKey`,
 *     `extraDataGroups` — one deliberate defect each; byte flips are left to the tests.
 *
 * Cost: RSA-2048 key generation (~0.1–0.5 s) dominates, so make one PKI per variant and reuse it;
 * pass `aaKeyPair` in loops to skip AA key generation.
 *
 * @example
 *   const pki = makeTestPki({ country: 'UT', variant: 'pss', now });
 *   const chip = makeTestChip({ pki, person, aa: 'ec', dg2Bytes: 20_000 });
 *   const signature = chip.answerActiveAuthentication(challenge);
 */
export { makeTestPki } from './make-test-pki.js';
export type {
  MakeTestPkiOptions,
  TestPki,
  TestCertificate,
  Validity,
  IssueDscOptions,
  MakeCrlOptions,
} from './make-test-pki.js';
export { makeTestChip } from './make-test-chip.js';
export type { MakeTestChipOptions, TestChip, ActiveAuthenticationKind } from './make-test-chip.js';
export type { TestPerson, MrzCheckDigitField } from './build-mrz.js';
export type { SignatureVariant, KeyPair } from './signature-profile.js';
