import type { ParsedCertificate } from './parsed-certificate.js';
import type { CmsSigner } from './parse-signed-data.js';
import { ber } from './ber.js';
import { describeName } from './describe-name.js';

/**
 * The certificate a SignerInfo names: by issuer and serial number (issuer compared without
 * regard to RDN order or case, as some SODs re-encode the DSC issuer) or by subject key identifier.
 */
export function findCmsSignerCertificate(
  signer: CmsSigner,
  candidates: readonly ParsedCertificate[],
): ParsedCertificate | undefined {
  const sid = signer.sid;
  if (sid.kind === 'ski') return candidates.find((c) => c.subjectKeyIdentifier === sid.ski.toLowerCase());
  const exact = candidates.find(
    (c) => c.serialNumber === sid.serialNumber && Buffer.from(c.issuerDer).equals(Buffer.from(sid.issuerDer)),
  );
  if (exact) return exact;
  const key = nameKey(sid.issuerDer);
  return candidates.find(
    (c) => c.serialNumber === sid.serialNumber && key !== undefined && c.issuerKey === key,
  );
}

function nameKey(der: Uint8Array): string | undefined {
  const name = ber.decode(der);
  return name.ok ? describeName(name.value)?.key : undefined;
}
