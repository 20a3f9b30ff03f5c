import * as asn1js from 'asn1js';
import { der } from '../../passport/factory/der.js';
import { DEVICE_CERTIFICATE_OID as OID } from './device-certificate-oid.js';
import type { IssuingCa } from './issuing-ca.js';
import { REVOCATION_REASON_CODE, type RevocationReason } from './revocation-reason.js';
import { signTbs } from './sign-tbs.js';
import { x509Extension } from './x509-extension.js';

export interface RevokedEntry {
  readonly serial: bigint;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
}

export interface BuildCrlInput {
  readonly ca: IssuingCa;
  readonly revoked: readonly RevokedEntry[];
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  /** Monotonically increasing per CA (RFC 5280 §5.2.3); at most 20 octets. */
  readonly crlNumber: bigint;
}

/**
 * A v2 CRL (RFC 5280 §5) signed by the issuing CA: issuer byte-identical to the CA's subject,
 * CRL extensions authority key identifier and CRL number (both required by RFC 5280
 * §5.2.1/§5.2.3), one entry per revoked serial with its revocation date and a reasonCode entry
 * extension unless the reason is `unspecified`. Entries are sorted by serial so that the same
 * state always gives the same bytes. With nothing revoked `revokedCertificates` is left out, as
 * RFC 5280 §5.1.2.6 requires.
 *
 * @example
 *   const crl = buildCrl({ ca, revoked: [{ serial, revokedAt, reason: 'keyCompromise' }],
 *     thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), crlNumber: 7n });
 */
export function buildCrl(input: BuildCrlInput): Uint8Array {
  if (input.nextUpdate <= input.thisUpdate) throw new Error('buildCrl: nextUpdate must be after thisUpdate');
  if (input.crlNumber < 0n || input.crlNumber >= 1n << 159n) {
    throw new Error('buildCrl: crlNumber must be a non-negative integer of at most 20 octets');
  }
  const fields: asn1js.AsnType[] = [
    der.int(1), // v2
    input.ca.signature.algorithmIdentifier(),
    der.embed(input.ca.subjectName),
    der.time(input.thisUpdate),
    der.time(input.nextUpdate),
  ];
  if (input.revoked.length > 0) {
    const entries = [...input.revoked]
      .sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0))
      .map((entry) => {
        const code = REVOCATION_REASON_CODE[entry.reason];
        const entryFields = [der.int(entry.serial), der.time(entry.revokedAt)];
        if (code !== REVOCATION_REASON_CODE.unspecified) {
          entryFields.push(
            der.seq(x509Extension(OID.reasonCode, false, new asn1js.Enumerated({ value: code }))),
          );
        }
        return der.seq(...entryFields);
      });
    fields.push(der.seq(...entries));
  }
  const keyId = new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: 0 },
    valueHex: input.ca.keyIdentifier,
  });
  fields.push(
    der.explicit(
      0,
      der.seq(
        x509Extension(OID.authorityKeyIdentifier, false, der.seq(keyId)),
        x509Extension(OID.crlNumber, false, der.int(input.crlNumber)),
      ),
    ),
  );
  return signTbs(der.seq(...fields), input.ca.signature);
}
