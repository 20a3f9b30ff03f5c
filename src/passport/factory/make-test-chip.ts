import crypto, { type KeyObject } from 'node:crypto';
import { buildCom } from './build-com.js';
import { buildDg14 } from './build-dg14.js';
import { buildDg2 } from './build-dg2.js';
import { buildMrz, type MrzCheckDigitField, type TestPerson } from './build-mrz.js';
import { buildSod } from './build-sod.js';
import { encodeTlv } from './encode-tlv.js';
import type { TestCertificate, TestPki } from './make-test-pki.js';
import { OID } from './oid.js';
import { signIso9796Scheme1 } from './sign-iso9796-scheme1.js';
import type { KeyPair } from './signature-profile.js';

export type ActiveAuthenticationKind = 'rsa' | 'ec' | 'none';

export interface MakeTestChipOptions {
  readonly pki: TestPki;
  readonly person: TestPerson;
  /** TD3 passport (default) or TD1 identity card MRZ in DG1. */
  readonly format?: 'TD3' | 'TD1';
  /** Signs the SOD; default `pki.dsc`. Pass `pki.issueDsc(...)` for an expired or revoked DSC. */
  readonly dsc?: TestCertificate;
  /** Default `rsa`. */
  readonly aa?: ActiveAuthenticationKind;
  /** RSA AA modulus; default 1024, what most RSA chips in circulation hold. */
  readonly aaRsaBits?: 1024 | 2048;
  /** ISO 9796-2 hash for RSA AA; default SHA-1 (trailer 0xBC) as real chips. */
  readonly aaRsaHash?: 'sha1' | 'sha256';
  /** EC AA curve; default `prime256v1`. */
  readonly aaCurve?: 'prime256v1' | 'brainpoolP256r1' | 'brainpoolP384r1';
  /** Reuse an AA key pair (must match `aa`), to skip key generation in loops. */
  readonly aaKeyPair?: KeyPair;
  /** Pad DG2 to this many bytes (e.g. 20_000 for a realistic face image). */
  readonly dg2Bytes?: number;
  /** Leave DG2 out (e.g. to keep a fixture small). Default: present. */
  readonly withoutDg2?: boolean;
  /** LDSSecurityObject V1 with LDS version 1.8 / Unicode 4.0.0 (LDS 1.8 chips); default V0. */
  readonly ldsV1?: boolean;
  /** signingTime attribute; default `pki.now`. `null` leaves the attribute out. */
  readonly signingTime?: Date | null;
  /** Deliberate defects for negative tests; each one alone should make verification fail. */
  readonly corrupt?: {
    /** Print a wrong check digit in the MRZ (still signed: passive authentication passes). */
    readonly mrzCheckDigit?: MrzCheckDigitField;
    /** Present on the chip but not listed in the SOD (an injected data group). */
    readonly unlistedDataGroups?: readonly number[];
    /** Listed in the SOD with the hash of other bytes. */
    readonly wrongHashFor?: readonly number[];
    /** Sign the SOD with this key instead of the DSC's (signature will not verify). */
    readonly sodSigningKey?: KeyObject;
    /** Extra data group files to put on the chip (not listed), e.g. `{ 11: bytes }`. */
    readonly extraDataGroups?: Readonly<Record<number, Uint8Array>>;
  };
}

export interface TestChip {
  readonly com: Uint8Array;
  /** DG number → file bytes with tag and length, as the chip returns them. */
  readonly dataGroups: Record<number, Uint8Array>;
  readonly sod: Uint8Array;
  /** The MRZ as written into DG1 (no line breaks). */
  readonly mrz: string;
  /** The AA key pair (absent with `aa: 'none'`); the private key stays "inside the chip". */
  readonly aaKeyPair?: KeyPair;
  /**
   * INTERNAL AUTHENTICATE: RSA keys answer with an ISO/IEC 9796-2 scheme 1 signature (fresh random
   * M1 each time), EC keys with a plain r ‖ s ECDSA signature over SHA-256 (or SHA-384 on P-384).
   */
  answerActiveAuthentication(challenge: Uint8Array): Uint8Array;
}

/**
 * Makes the files of an eMRTD chip for `person`, signed by `pki`: EF.COM, DG1 (MRZ), DG2 (face),
 * DG14 (SecurityInfos), DG15 (AA public key, unless `aa: 'none'`) and EF.SOD listing the SHA-256
 * hash of every data group. EC AA keys and a chip authentication key are cheap; RSA AA keys cost
 * ~10 ms (1024) to ~100 ms (2048), so loops should pass `aaKeyPair`.
 *
 * @example
 *   const pki = makeTestPki({ country: 'UT', variant: 'pss' });
 *   const chip = makeTestChip({ pki, person, aa: 'ec', dg2Bytes: 20_000 });
 *   const signature = chip.answerActiveAuthentication(challenge);
 */
export function makeTestChip(options: MakeTestChipOptions): TestChip {
  const aa = options.aa ?? 'rsa';
  const dsc = options.dsc ?? options.pki.dsc;
  const curve = options.aaCurve ?? 'prime256v1';
  const aaHash = curve === 'brainpoolP384r1' ? 'sha384' : 'sha256';

  let aaKeyPair: KeyPair | undefined = options.aaKeyPair;
  if (!aaKeyPair && aa === 'rsa') {
    aaKeyPair = crypto.generateKeyPairSync('rsa', {
      modulusLength: options.aaRsaBits ?? 1024,
      publicExponent: 0x10001,
    });
  } else if (!aaKeyPair && aa === 'ec') {
    aaKeyPair = crypto.generateKeyPairSync('ec', { namedCurve: curve });
  }
  if (aa === 'none') aaKeyPair = undefined;

  const mrz = buildMrz(options.person, {
    format: options.format,
    corruptCheckDigit: options.corrupt?.mrzCheckDigit,
  });
  const dataGroups: Record<number, Uint8Array> = {};
  dataGroups[1] = encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(mrz, 'ascii')));
  if (!options.withoutDg2) dataGroups[2] = buildDg2({ targetBytes: options.dg2Bytes });
  dataGroups[14] = buildDg14({
    chipAuthenticationPublicKey: crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey,
    activeAuthenticationSignatureAlgorithm:
      aa === 'ec' ? (aaHash === 'sha384' ? '0.4.0.127.0.7.1.1.4.1.4' : OID.ecdsaPlainSha256) : undefined,
  });
  if (aaKeyPair) {
    dataGroups[15] = encodeTlv(
      0x6f,
      new Uint8Array(aaKeyPair.publicKey.export({ type: 'spki', format: 'der' })),
    );
  }

  const unlisted = new Set(options.corrupt?.unlistedDataGroups ?? []);
  const wrongHash = new Set(options.corrupt?.wrongHashFor ?? []);
  const hashes = new Map<number, Uint8Array>();
  for (const [key, bytes] of Object.entries(dataGroups)) {
    const n = Number(key);
    if (unlisted.has(n)) continue;
    const hashed = wrongHash.has(n) ? Buffer.concat([bytes, Uint8Array.of(0)]) : bytes;
    hashes.set(n, new Uint8Array(crypto.createHash('sha256').update(hashed).digest()));
  }
  for (const [key, bytes] of Object.entries(options.corrupt?.extraDataGroups ?? {}))
    dataGroups[Number(key)] = bytes;

  const signingTime = options.signingTime === null ? undefined : (options.signingTime ?? options.pki.now);
  const sod = buildSod({
    dataGroupHashes: hashes,
    signer: {
      certDer: dsc.certDer,
      issuer: dsc.issuer,
      serial: dsc.serial,
      privateKey: options.corrupt?.sodSigningKey ?? dsc.privateKey,
    },
    profile: options.pki.profile,
    signingTime,
    ldsVersionInfo: options.ldsV1 ? { lds: '0108', unicode: '040000' } : undefined,
  });
  const com = buildCom(Object.keys(dataGroups).map(Number));

  const answerActiveAuthentication = (challenge: Uint8Array): Uint8Array => {
    if (!aaKeyPair) throw new Error('answerActiveAuthentication: this chip has no Active Authentication key');
    if (aaKeyPair.privateKey.asymmetricKeyType === 'rsa') {
      return signIso9796Scheme1(aaKeyPair.privateKey, challenge, options.aaRsaHash ?? 'sha1');
    }
    return new Uint8Array(
      crypto.sign(aaHash, challenge, { key: aaKeyPair.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
  };

  return { com, dataGroups, sod, mrz, aaKeyPair, answerActiveAuthentication };
}
