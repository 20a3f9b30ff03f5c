import { err, ok, type Result } from '../../shared/result.js';
import { readDer } from './read-der.js';
import { readDerChildren } from './read-der-children.js';

/** One X.509 extension: the OID's content bytes (compare with an encoded OID) and the extnValue contents. */
export interface CertificateExtension {
  readonly oid: Uint8Array;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/**
 * The extensions of an X.509 v3 certificate (RFC 5280 §4.1), read from the DER because
 * node:crypto's X509Certificate does not expose private extensions such as Android's. Never throws.
 */
export function readCertificateExtensions(
  certificate: Uint8Array,
): Result<readonly CertificateExtension[], 'attestation.malformed'> {
  const bad = (detail: string) => err('attestation.malformed', `certificate: ${detail}`);
  const cert = readDer(certificate);
  if (!cert.ok || cert.value.tagNumber !== 16) return bad('not a SEQUENCE');
  const parts = readDerChildren(cert.value, 3);
  const tbs = parts.ok ? parts.value[0] : undefined;
  if (!tbs || tbs.tagNumber !== 16 || !tbs.constructed) return bad('no TBSCertificate');
  const fields = readDerChildren(tbs, 12);
  if (!fields.ok) return bad('TBSCertificate fields');
  const wrapper = fields.value.find((f) => f.tagClass === 2 && f.tagNumber === 3 && f.constructed);
  if (!wrapper) return ok([]);
  const list = readDerChildren(wrapper, 1);
  const sequence = list.ok ? list.value[0] : undefined;
  if (!sequence || sequence.tagNumber !== 16) return bad('extensions are not a SEQUENCE');
  const items = readDerChildren(sequence, 64);
  if (!items.ok) return bad('extensions');
  const out: CertificateExtension[] = [];
  for (const item of items.value) {
    const f = readDerChildren(item, 3);
    if (!f.ok || f.value.length < 2) return bad('extension fields');
    const [oid, second, third] = f.value;
    const critical = second!.tagNumber === 1 ? second!.value[0] !== 0 : false;
    const value = second!.tagNumber === 1 ? third : second;
    if (oid!.tagNumber !== 6 || !value || value.tagNumber !== 4) return bad('extension shape');
    out.push({ oid: oid!.value, critical, value: value.value });
  }
  return ok(out);
}
