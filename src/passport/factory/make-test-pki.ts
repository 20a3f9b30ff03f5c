import crypto from 'node:crypto';
import { buildCertificate } from './build-certificate.js';
import { buildCrl } from './build-crl.js';
import type { TestName } from './encode-name.js';
import { keyIdentifier } from './key-identifier.js';
import {
  signatureProfile,
  type KeyPair,
  type SignatureProfile,
  type SignatureVariant,
} from './signature-profile.js';

/**
 * Every factory certificate carries this organisation so that production configuration can
 * recognise a test CSCA and refuse it (ARCHITECTURE §3: production refuses generated keys).
 */
const TEST_ORGANIZATION = 'TEST eMRTD factory (not for production)';

const DAY = 24 * 60 * 60 * 1000;

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A certificate the factory issued, with its key pair. */
export interface TestCertificate extends KeyPair {
  readonly certDer: Uint8Array;
  readonly serial: bigint;
  readonly subject: TestName;
  readonly issuer: TestName;
  readonly keyIdentifier: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface MakeTestPkiOptions {
  /** ISO 3166-1 alpha-2 country of the CSCA (`C=`), e.g. `NO`, `UT`. */
  readonly country: string;
  readonly variant?: SignatureVariant;
  /** The instant the PKI is made at; default validities are placed around it. Default: now. */
  readonly now?: Date;
  /** Default: one year before `now` to ten years after. */
  readonly cscaValidity?: Validity;
  /** Default: 30 days before `now` to three years after; put `notAfter` before `now` for an expired DSC. */
  readonly dscValidity?: Validity;
  /**
   * Key rollover: the CSCA that issues the DSC is a new key, and `previousCsca` is the old root
   * that certified it through `linkCertificate` (ICAO 9303-12 §5.1.1). A trust store holding
   * only the old root and the link certificate must still accept the DSC.
   */
  readonly withLinkCertificate?: boolean;
}

export interface IssueDscOptions {
  readonly validity?: Validity;
  readonly serial?: bigint;
  /** Reuse a key pair (e.g. the current DSC's) to avoid RSA key generation in tests. */
  readonly keyPair?: KeyPair;
}

export interface MakeCrlOptions {
  readonly revokedSerials: readonly bigint[];
  /** Default: the PKI's `now` minus one day. */
  readonly thisUpdate?: Date;
  /** Default: `thisUpdate` plus 90 days. */
  readonly nextUpdate?: Date;
  /** Default `csca` (the current CSCA); `previous` signs with the rolled-over root. */
  readonly signedBy?: 'csca' | 'previous';
}

export interface TestPki {
  readonly country: string;
  readonly variant: SignatureVariant;
  readonly profile: SignatureProfile;
  readonly now: Date;
  /** The CSCA that issued `dsc` (self-signed certificate). */
  readonly csca: TestCertificate;
  readonly dsc: TestCertificate;
  /** With `withLinkCertificate`: the old root. */
  readonly previousCsca?: TestCertificate;
  /** With `withLinkCertificate`: `csca`'s key and subject, signed by `previousCsca`. */
  readonly linkCertificate?: Uint8Array;
  /** Another DSC from the same CSCA (expired, not yet valid, to be revoked…). */
  issueDsc(options?: IssueDscOptions): TestCertificate;
  /** A CRL signed by the CSCA revoking the given DSC serial numbers. */
  makeCrl(options: MakeCrlOptions): Uint8Array;
}

/**
 * Makes a test country signing PKI: a self-signed CSCA with `C=<country>` and
 * `O=TEST eMRTD factory (not for production)`, and a document signer it issued (SKI/AKI,
 * keyUsage digitalSignature, settable validity). All keys are generated with node:crypto; RSA
 * key generation costs tens of milliseconds, so make one PKI per variant and reuse it through
 * `makeTestChip({ pki })` and `pki.issueDsc()`.
 *
 * @example
 *   const pki = makeTestPki({ country: 'UT', variant: 'brainpool', now: new Date('2026-06-01Z') });
 *   const expired = pki.issueDsc({ validity: { notBefore: past, notAfter: yesterday }, keyPair: pki.dsc });
 *   const crl = pki.makeCrl({ revokedSerials: [expired.serial] });
 */
export function makeTestPki(options: MakeTestPkiOptions): TestPki {
  const country = options.country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw new Error(`makeTestPki: country ${JSON.stringify(options.country)} is not 2 letters`);
  const variant = options.variant ?? 'rsa';
  const profile = signatureProfile(variant);
  const now = options.now ?? new Date();
  const cscaValidity = options.cscaValidity ?? {
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: new Date(now.getTime() + 3650 * DAY),
  };

  // Old and new CSCA share one subject, as in real rollovers: the link certificate is then
  // self-issued, the CSCA's pathLenConstraint 0 still holds, and only SKI/AKI tell keys apart.
  const cscaName: TestName = { country, organization: TEST_ORGANIZATION, commonName: `TEST CSCA ${country}` };

  const selfSigned = (name: TestName, validity: Validity): TestCertificate => {
    const keys = profile.generateKeyPair();
    const ski = keyIdentifier(keys.publicKey);
    const serial = randomSerial();
    const certDer = buildCertificate({
      serial,
      issuer: name,
      subject: name,
      ...validity,
      subjectPublicKey: keys.publicKey,
      subjectKeyIdentifier: ski,
      role: 'ca',
      signerKey: keys.privateKey,
      profile,
    });
    return { ...keys, certDer, serial, subject: name, issuer: name, keyIdentifier: ski, ...validity };
  };

  let previousCsca: TestCertificate | undefined;
  let linkCertificate: Uint8Array | undefined;
  let csca: TestCertificate;
  if (options.withLinkCertificate) {
    previousCsca = selfSigned(cscaName, {
      notBefore: new Date(cscaValidity.notBefore.getTime() - 5 * 365 * DAY),
      notAfter: cscaValidity.notAfter,
    });
    csca = selfSigned(cscaName, cscaValidity);
    linkCertificate = buildCertificate({
      serial: randomSerial(),
      issuer: previousCsca.subject,
      subject: csca.subject,
      ...cscaValidity,
      subjectPublicKey: csca.publicKey,
      subjectKeyIdentifier: csca.keyIdentifier,
      authorityKeyIdentifier: previousCsca.keyIdentifier,
      role: 'ca',
      signerKey: previousCsca.privateKey,
      profile,
    });
  } else {
    csca = selfSigned(cscaName, cscaValidity);
  }

  let dscCount = 0;
  const issueDsc = (o: IssueDscOptions = {}): TestCertificate => {
    const validity = o.validity ??
      options.dscValidity ?? {
        notBefore: new Date(now.getTime() - 30 * DAY),
        notAfter: new Date(now.getTime() + 3 * 365 * DAY),
      };
    const keys = o.keyPair
      ? { privateKey: o.keyPair.privateKey, publicKey: o.keyPair.publicKey }
      : profile.generateKeyPair();
    const ski = keyIdentifier(keys.publicKey);
    const serial = o.serial ?? randomSerial();
    dscCount++;
    const subject: TestName = {
      country,
      organization: TEST_ORGANIZATION,
      commonName: `TEST Document Signer ${country} ${dscCount}`,
    };
    const certDer = buildCertificate({
      serial,
      issuer: csca.subject,
      subject,
      ...validity,
      subjectPublicKey: keys.publicKey,
      subjectKeyIdentifier: ski,
      authorityKeyIdentifier: csca.keyIdentifier,
      role: 'signer',
      signerKey: csca.privateKey,
      profile,
    });
    return { ...keys, certDer, serial, subject, issuer: csca.subject, keyIdentifier: ski, ...validity };
  };

  let crlNumber = 0n;
  const makeCrl = (o: MakeCrlOptions): Uint8Array => {
    const signer = o.signedBy === 'previous' ? previousCsca : csca;
    if (!signer) throw new Error('makeCrl: no previous CSCA in this PKI (use withLinkCertificate)');
    const thisUpdate = o.thisUpdate ?? new Date(now.getTime() - DAY);
    const nextUpdate = o.nextUpdate ?? new Date(thisUpdate.getTime() + 90 * DAY);
    crlNumber++;
    return buildCrl({
      issuer: signer.subject,
      issuerKeyIdentifier: signer.keyIdentifier,
      signerKey: signer.privateKey,
      profile,
      thisUpdate,
      nextUpdate,
      crlNumber,
      revoked: o.revokedSerials.map((serial) => ({ serial, date: thisUpdate })),
    });
  };

  const dsc = issueDsc();
  return { country, variant, profile, now, csca, dsc, previousCsca, linkCertificate, issueDsc, makeCrl };
}

/** Positive 63-bit serials: unique enough for tests, and never needing a leading zero byte. */
function randomSerial(): bigint {
  const b = crypto.randomBytes(8);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x01;
  return b.readBigUInt64BE(0);
}
