import { createPublicKey, KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { z } from 'zod';
import { der } from '../../passport/factory/der.js';
import { keyIdentifier } from '../../passport/factory/key-identifier.js';
import { parseIdentityNumber } from '../../shared/identity-number.js';
import { err, ok, type Result } from '../../shared/result.js';
import { DEVICE_CERTIFICATE_OID as OID } from './device-certificate-oid.js';
import { DEVICE_CERTIFICATE_POLICY_PLACEHOLDER } from './device-certificate-policy-placeholder.js';
import { encodeDistinguishedName } from './encode-distinguished-name.js';
import { encodeQcStatements, type PdsLocation } from './encode-qc-statements.js';
import type { IssuingCa } from './issuing-ca.js';
import { naturalPersonSemanticsIdentifier } from './natural-person-semantics-identifier.js';
import { randomSerial } from './random-serial.js';
import { serialHex } from './serial-hex.js';
import { signTbs } from './sign-tbs.js';
import { toPem } from './to-pem.js';
import { x509Extension } from './x509-extension.js';

export type IssueDeviceCertificateError =
  | 'device-certificate.key-not-p256'
  | 'device-certificate.bad-key'
  | 'device-certificate.bad-person'
  | 'device-certificate.bad-identity-number'
  | 'device-certificate.bad-validity'
  | 'device-certificate.bad-serial'
  | 'device-certificate.bad-options';

export interface IssueDeviceCertificateInput {
  readonly ca: IssuingCa;
  /** The app's device key: SubjectPublicKeyInfo DER or a public KeyObject. Must be P-256. */
  readonly devicePublicKey: Uint8Array | KeyObject;
  /** As in the population register; the identity number as checked at registration. */
  readonly person: {
    readonly givenName: string;
    readonly familyName: string;
    readonly identityNumber: string;
  };
  /** Returned with the certificate for the registry; deliberately not written into it. */
  readonly deviceId: string;
  readonly validity: { readonly notBefore: Date; readonly notAfter: Date };
  /** Default: `randomSerial()`. Positive, at most 20 octets (RFC 5280 §4.1.2.2). */
  readonly serial?: bigint;
  /** Where the CA's CRL is published, e.g. `${issuer}/device-ca/crl` (http or https). */
  readonly crlDistributionPoint: string;
  /** Where the CA certificate can be fetched (AIA caIssuers), e.g. `${issuer}/device-ca/ca.cer`. */
  readonly caIssuersUrl?: string;
  /** Default `DEVICE_CERTIFICATE_POLICY_PLACEHOLDER` until the provider's OID is assigned. */
  readonly policyOid?: string;
  /** CPS URI policy qualifier. */
  readonly cpsUrl?: string;
  /** QcSSCD claim (default true) and PKI disclosure statements (QcPDS, https). */
  readonly qc?: { readonly sscd?: boolean; readonly pds?: readonly PdsLocation[] };
  /** Synthetic (test) identity numbers: default allowed by a sandbox CA only. */
  readonly syntheticIdentityNumbers?: 'allow' | 'deny' | 'only';
}

export interface DeviceCertificate {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly serial: bigint;
  /** `serialHex(serial)`: the registry's key. */
  readonly serialHex: string;
  readonly deviceId: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const MAX_SERIAL = (1n << 159n) - 1n; // 20 octets, positive
// Control characters (C0, DEL, C1) have no place in a name and confuse every display.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const name = z
  .string()
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1)
      .max(200)
      .refine((s) => !CONTROL.test(s), 'contains control characters'),
  );
const personSchema = z.object({ givenName: name, familyName: name, identityNumber: z.string() });
// URIs are written as IA5String: ASCII only (an IDN host must come punycoded).
const ascii = (u: string) => /^[\x21-\x7e]+$/.test(u);
const httpUrl = z.url({ protocol: /^https?$/ }).refine(ascii, 'ASCII only');
const optionsSchema = z.object({
  deviceId: z.string().min(1).max(200),
  crlDistributionPoint: httpUrl,
  caIssuersUrl: httpUrl.optional(),
  policyOid: z
    .string()
    .regex(/^[0-2](\.(0|[1-9]\d*))+$/)
    .optional(),
  cpsUrl: httpUrl.optional(),
  pds: z
    .array(
      z.object({
        // EN 319 412-5 §4.3.4: the PDS is reached over https.
        url: z.url({ protocol: /^https$/ }).refine(ascii, 'ASCII only'),
        language: z
          .string()
          .regex(/^[a-zA-Z]{2}$/, 'an ISO 639-1 two-letter code')
          .transform((l) => l.toLowerCase()),
      }),
    )
    // EN 319 412-5 §4.3.4: at least one PDS in English, one per language.
    .refine((list) => list.length === 0 || list.some((p) => p.language === 'en'), 'needs an English PDS')
    .refine((list) => new Set(list.map((p) => p.language)).size === list.length, 'one PDS per language')
    .optional(),
});

/**
 * Issues the X.509 certificate for an activated app's device key: the qualified certificate
 * profile of ETSI EN 319 412-2 (natural person) with the QCStatements of EN 319 412-5, signed
 * by the issuing CA. See docs/device-certificates.md for every field and the reasons.
 *
 * Subject: C=NO, SN, GN, serialNumber `PNONO-<identity number>` (EN 319 412-1 §5.1.3),
 * CN "Given Family". Extensions: basicConstraints cA FALSE and keyUsage digitalSignature (both
 * critical), subject and authority key identifiers, CRL distribution point, AIA caIssuers (when
 * given), certificatePolicies, qcStatements. No extendedKeyUsage: the device key signs the
 * provider's own approval protocol, which no registered key purpose describes, and an EKU would
 * only narrow what EN 319 412-2 certificate validators accept.
 *
 * Expected refusals are values: a device key that is not P-256 (`device-certificate.key-not-p256`),
 * an unreadable key, names or identity number that fail their checks, a validity period that is
 * empty or outside the CA's.
 *
 * @example
 *   const cert = issueDeviceCertificate({ ca, devicePublicKey: spkiDer, person, deviceId,
 *     validity: { notBefore: now, notAfter: addYears(now, 2) }, crlDistributionPoint: `${issuer}/device-ca/crl` });
 *   if (cert.ok) await registry.record({ serial: cert.value.serial, deviceId, notAfter: cert.value.notAfter }, now);
 */
export function issueDeviceCertificate(
  input: IssueDeviceCertificateInput,
): Result<DeviceCertificate, IssueDeviceCertificateError> {
  const key = devicePublicKeyOf(input.devicePublicKey);
  if (!key.ok) return key;

  const person = personSchema.safeParse(input.person);
  if (!person.success) {
    // The issue paths name the field, never its value: names are personal data.
    const fields = person.error.issues.map((i) => i.path.join('.')).join(', ');
    return err('device-certificate.bad-person', `invalid person fields: ${fields}`);
  }
  const identityNumber = parseIdentityNumber(person.data.identityNumber, {
    synthetic: input.syntheticIdentityNumbers ?? (input.ca.sandbox ? 'allow' : 'deny'),
  });
  if (!identityNumber.ok) {
    return err('device-certificate.bad-identity-number', `${identityNumber.code}: ${identityNumber.detail}`);
  }

  const options = optionsSchema.safeParse({
    deviceId: input.deviceId,
    crlDistributionPoint: input.crlDistributionPoint,
    caIssuersUrl: input.caIssuersUrl,
    policyOid: input.policyOid,
    cpsUrl: input.cpsUrl,
    pds: input.qc?.pds,
  });
  if (!options.success) {
    const fields = options.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return err('device-certificate.bad-options', fields);
  }

  const { notBefore, notAfter } = input.validity;
  if (!(notBefore.getTime() < notAfter.getTime())) {
    return err('device-certificate.bad-validity', 'notBefore must be before notAfter');
  }
  // RFC 5280 does not forbid outliving the CA, but such a certificate could not be validated
  // for its whole stated life, which misleads relying parties (and EN 319 411-1 auditors).
  if (notBefore < input.ca.notBefore || notAfter > input.ca.notAfter) {
    return err(
      'device-certificate.bad-validity',
      `the validity must lie within the CA's (${input.ca.notBefore.toISOString()} – ${input.ca.notAfter.toISOString()})`,
    );
  }
  const serial = input.serial ?? randomSerial();
  if (serial <= 0n || serial > MAX_SERIAL) {
    return err('device-certificate.bad-serial', 'the serial number must be positive and at most 20 octets');
  }

  const { givenName, familyName } = person.data;
  const subject = encodeDistinguishedName([
    [OID.countryName, der.printable('NO')],
    [OID.surname, der.utf8(familyName)],
    [OID.givenName, der.utf8(givenName)],
    // X.520 defines serialNumber as PrintableString; PNONO-<digits> is within its alphabet.
    [OID.serialNumber, der.printable(naturalPersonSemanticsIdentifier(identityNumber.value.value))],
    [OID.commonName, der.utf8(`${givenName} ${familyName}`)],
  ]);

  const context = (tagNumber: number, bytes: Uint8Array) =>
    new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber }, valueHex: bytes });
  const uri = (url: string) => context(6, new Uint8Array(Buffer.from(url, 'ascii')));
  const policy = options.data.policyOid ?? DEVICE_CERTIFICATE_POLICY_PLACEHOLDER;
  const extensions = [
    // cA FALSE is the DEFAULT, so the DER value is an empty SEQUENCE.
    x509Extension(OID.basicConstraints, true, der.seq()),
    // digitalSignature (bit 0): 0b1000_0000, seven unused bits.
    x509Extension(OID.keyUsage, true, der.bits(Uint8Array.of(0x80), 7)),
    x509Extension(OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(key.value))),
    x509Extension(OID.authorityKeyIdentifier, false, der.seq(context(0, input.ca.keyIdentifier))),
    // DistributionPoint { distributionPoint [0] { fullName [0] { uniformResourceIdentifier [6] } } }
    x509Extension(
      OID.crlDistributionPoints,
      false,
      der.seq(
        der.seq(
          der.implicitConstructed(0, der.implicitConstructed(0, uri(options.data.crlDistributionPoint))),
        ),
      ),
    ),
  ];
  if (options.data.caIssuersUrl) {
    extensions.push(
      x509Extension(
        OID.authorityInfoAccess,
        false,
        der.seq(der.seq(der.oid(OID.caIssuers), uri(options.data.caIssuersUrl))),
      ),
    );
  }
  const qualifiers = options.data.cpsUrl
    ? [der.seq(der.seq(der.oid(OID.cpsQualifier), new asn1js.IA5String({ value: options.data.cpsUrl })))]
    : [];
  extensions.push(
    x509Extension(OID.certificatePolicies, false, der.seq(der.seq(der.oid(policy), ...qualifiers))),
    x509Extension(
      OID.qcStatements,
      false,
      encodeQcStatements({ sscd: input.qc?.sscd ?? true, pds: options.data.pds ?? [] }),
    ),
  );

  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.int(serial),
    input.ca.signature.algorithmIdentifier(),
    der.embed(input.ca.subjectName),
    der.seq(der.time(notBefore), der.time(notAfter)),
    subject,
    der.embed(new Uint8Array(key.value.export({ type: 'spki', format: 'der' }))),
    der.explicit(3, der.seq(...extensions)),
  );
  const certificateDer = signTbs(tbs, input.ca.signature);
  return ok({
    der: certificateDer,
    pem: toPem('CERTIFICATE', certificateDer),
    serial,
    serialHex: serialHex(serial),
    deviceId: options.data.deviceId,
    // X.509 times have whole seconds (der.time drops the fraction); report what was written.
    notBefore: new Date(Math.floor(notBefore.getTime() / 1000) * 1000),
    notAfter: new Date(Math.floor(notAfter.getTime() / 1000) * 1000),
  });
}

function devicePublicKeyOf(
  input: Uint8Array | KeyObject,
): Result<KeyObject, 'device-certificate.key-not-p256' | 'device-certificate.bad-key'> {
  let key: KeyObject;
  if (input instanceof KeyObject) {
    // The server never holds a device's private key; being handed one means a wiring mistake.
    if (input.type !== 'public') return err('device-certificate.bad-key', 'expected a public key');
    key = input;
  } else {
    try {
      key = createPublicKey({ key: Buffer.from(input), format: 'der', type: 'spki' });
    } catch {
      return err(
        'device-certificate.bad-key',
        'the device public key is not a readable SubjectPublicKeyInfo',
      );
    }
  }
  const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  if (curve !== 'prime256v1') {
    return err(
      'device-certificate.key-not-p256',
      `device keys must be EC P-256, not ${curve ? `EC ${curve}` : key.asymmetricKeyType}`,
    );
  }
  return ok(key);
}
