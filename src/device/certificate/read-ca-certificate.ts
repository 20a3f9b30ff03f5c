import * as asn1js from 'asn1js';
import { err, ok, type Result } from '../../shared/result.js';
import { DEVICE_CERTIFICATE_OID as OID } from './device-certificate-oid.js';

/** What `loadIssuingCa` needs from a CA certificate that node:crypto's X509Certificate does not expose. */
export interface CaCertificateParts {
  /** DER of the subject Name, byte for byte as in the certificate. */
  readonly subjectName: Uint8Array;
  readonly subjectKeyIdentifier?: Uint8Array;
  /** Whether a keyUsage extension is present, and its keyCertSign / cRLSign bits. */
  readonly keyUsage?: { readonly keyCertSign: boolean; readonly cRLSign: boolean };
}

/**
 * Reads the subject name, subject key identifier and key usage out of a DER certificate with
 * asn1js. The subject is sliced from the input rather than re-encoded so that a CA certificate
 * made by another tool is named exactly as it names itself.
 *
 * @example
 *   const parts = readCaCertificate(certDer);
 *   if (parts.ok) parts.value.subjectName;
 */
export function readCaCertificate(
  certDer: Uint8Array,
): Result<CaCertificateParts, 'device-ca.unreadable-certificate'> {
  const bad = (why: string) => err('device-ca.unreadable-certificate' as const, `CA certificate: ${why}`);
  const parsed = asn1js.fromBER(certDer);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return bad('not DER');
  const tbs = parsed.result.valueBlock.value[0];
  if (!(tbs instanceof asn1js.Sequence)) return bad('no TBSCertificate');
  const fields = tbs.valueBlock.value;
  // version [0] EXPLICIT is present in every v3 certificate; without it the fields shift by one.
  const hasVersion = fields[0]?.idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0;
  const subject = fields[hasVersion ? 5 : 4];
  if (!(subject instanceof asn1js.Sequence)) return bad('no subject name');
  const subjectName = new Uint8Array(subject.valueBeforeDecodeView);

  let subjectKeyIdentifier: Uint8Array | undefined;
  let keyUsage: CaCertificateParts['keyUsage'];
  const extensionsField = fields.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 3);
  const extensions =
    extensionsField instanceof asn1js.Constructed ? extensionsField.valueBlock.value[0] : undefined;
  if (extensions instanceof asn1js.Sequence) {
    for (const extension of extensions.valueBlock.value) {
      if (!(extension instanceof asn1js.Sequence)) return bad('malformed extension');
      const [id, ...rest] = extension.valueBlock.value;
      const value = rest[rest.length - 1];
      if (!(id instanceof asn1js.ObjectIdentifier) || !(value instanceof asn1js.OctetString)) {
        return bad('malformed extension');
      }
      const inner = asn1js.fromBER(value.valueBlock.valueHexView);
      if (inner.offset === -1) return bad(`extension ${id.valueBlock.toString()} is not DER`);
      if (
        id.valueBlock.toString() === OID.subjectKeyIdentifier &&
        inner.result instanceof asn1js.OctetString
      ) {
        subjectKeyIdentifier = new Uint8Array(inner.result.valueBlock.valueHexView);
      }
      if (id.valueBlock.toString() === OID.keyUsage && inner.result instanceof asn1js.BitString) {
        // KeyUsage bits count from the most significant bit of the first byte:
        // keyCertSign is bit 5 (0x04), cRLSign bit 6 (0x02).
        const first = inner.result.valueBlock.valueHexView[0] ?? 0;
        keyUsage = { keyCertSign: (first & 0x04) !== 0, cRLSign: (first & 0x02) !== 0 };
      }
    }
  }
  return ok({ subjectName, subjectKeyIdentifier, keyUsage });
}
