import * as asn1js from 'asn1js';
import { der } from '../../passport/factory/der.js';
import { DEVICE_CERTIFICATE_OID as OID } from './device-certificate-oid.js';

/** A PKI disclosure statement: an https URL and the ISO 639-1 code of its language. */
export interface PdsLocation {
  readonly url: string;
  readonly language: string;
}

export interface QcStatementsSpec {
  /** Claim that the private key resides in a qualified signature creation device (QcSSCD). */
  readonly sscd: boolean;
  /** PKI disclosure statements (QcPDS); left out when empty. */
  readonly pds: readonly PdsLocation[];
}

/**
 * The value of the qcStatements extension (RFC 3739 §3.2.6, `SEQUENCE OF QCStatement`) for a
 * device certificate, the statements from ETSI EN 319 412-5 §4.2–4.3 and EN 319 412-1 §5.1:
 * - `id-etsi-qcs-QcCompliance`: issued as an EU qualified certificate (eIDAS Annex I);
 * - `id-etsi-qcs-QcSSCD` (when `sscd`): the private key is in a QSCD (eIDAS Annex II);
 * - `id-etsi-qcs-QcType` = `id-etsi-qct-esign`: a certificate for electronic signatures of a
 *   natural person (not eseal, not web);
 * - `id-etsi-qcs-QcPDS` (when given): where the PKI disclosure statements are;
 * - `id-qcs-pkixQCSyntax-v2` with `id-etsi-qcs-semanticsId-Natural`: tells relying parties that
 *   the subject serialNumber follows EN 319 412-1 §5.1.3 (`PNONO-…`), so it is machine-readable.
 *
 * @example
 *   encodeQcStatements({ sscd: true, pds: [{ url: 'https://eid.example/pds/en', language: 'en' }] });
 */
export function encodeQcStatements(spec: QcStatementsSpec): asn1js.AsnType {
  const statement = (oid: string, info?: asn1js.AsnType) =>
    info ? der.seq(der.oid(oid), info) : der.seq(der.oid(oid));
  const statements = [statement(OID.qcCompliance)];
  if (spec.sscd) statements.push(statement(OID.qcSscd));
  statements.push(statement(OID.qcType, der.seq(der.oid(OID.qcTypeEsign))));
  if (spec.pds.length > 0) {
    // PdsLocation ::= SEQUENCE { url IA5String, language PrintableString (SIZE(2)) }
    const locations = spec.pds.map((p) =>
      der.seq(new asn1js.IA5String({ value: p.url }), der.printable(p.language.toLowerCase())),
    );
    statements.push(statement(OID.qcPds, der.seq(...locations)));
  }
  // SemanticsInformation ::= SEQUENCE { semanticsIdentifier OBJECT IDENTIFIER OPTIONAL, ... }
  statements.push(statement(OID.pkixQcSyntaxV2, der.seq(der.oid(OID.semanticsIdNatural))));
  return der.seq(...statements);
}
