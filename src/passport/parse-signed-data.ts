import { err, ok, type Result } from '../shared/result.js';
import { ber, type BerNode } from './ber.js';
import { serialHex } from './serial-hex.js';

const SIGNED_DATA = '1.2.840.113549.1.7.2';
const ATTR_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const ATTR_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

export interface CmsSigner {
  readonly sid:
    | { readonly kind: 'issuer-serial'; readonly issuerDer: Uint8Array; readonly serialNumber: string }
    | { readonly kind: 'ski'; readonly ski: string };
  readonly digestOid: string;
  /** The signed attributes re-tagged from [0] to SET OF (0x31): the bytes the signature covers. */
  readonly signedAttributes?: Uint8Array;
  readonly messageDigest?: Uint8Array;
  readonly contentTypeAttribute?: string;
  readonly signatureAlgorithm: { readonly oid: string; readonly params?: Uint8Array };
  readonly signature: Uint8Array;
}

export interface ParsedSignedData {
  readonly contentType: string;
  /** The exact eContent octets (what messageDigest covers). */
  readonly eContent: Uint8Array;
  /** DER of each certificate in SignedData.certificates, as received. */
  readonly certificates: readonly Uint8Array[];
  /** DER of each CRL in SignedData.crls. */
  readonly crls: readonly Uint8Array[];
  readonly signers: readonly CmsSigner[];
}

/**
 * CMS ContentInfo → SignedData with the exact bytes kept for everything that is hashed or
 * signed. Shared by EF.SOD and CSCA master lists; `maxNodes` is raised only for master lists.
 */
export function parseSignedData(
  bytes: Uint8Array,
  maxNodes = 20_000,
): Result<ParsedSignedData, 'cms.malformed'> {
  const der = ber.decode(bytes, { allowTrailing: true, maxNodes });
  if (!der.ok) return err('cms.malformed', der.detail);
  const ci = ber.seq(der.value);
  if (!ci || ber.oid(ci[0]) !== SIGNED_DATA || ber.context(ci[1]) !== 0)
    return err('cms.malformed', 'not a CMS SignedData ContentInfo');
  const sd = ber.seq(ci[1]?.children[0]);
  if (!sd || sd.length < 4) return err('cms.malformed', 'SignedData is malformed');
  const encap = ber.seq(sd[2]);
  const contentType = ber.oid(encap?.[0]);
  if (!encap || !contentType) return err('cms.malformed', 'encapContentInfo is malformed');
  const eContent = ber.octets(ber.context(encap[1]) === 0 ? encap[1]?.children[0] : undefined);
  if (!eContent)
    return err('cms.malformed', 'eContent missing (detached signatures are not used for eMRTDs)');
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  // certificates [0] IMPLICIT and crls [1] IMPLICIT sit between encapContentInfo and signerInfos.
  for (let idx = 3; idx < sd.length - 1; idx++) {
    const tag = ber.context(sd[idx]);
    if (tag !== 0 && tag !== 1) return err('cms.malformed', 'unexpected element in SignedData');
    for (const c of sd[idx]!.children) (tag === 0 ? certificates : crls).push(ber.raw(c));
  }
  const signerInfos = ber.set(sd[sd.length - 1]);
  if (!signerInfos) return err('cms.malformed', 'SignerInfos missing');
  const signers: CmsSigner[] = [];
  for (const node of signerInfos) {
    const s = parseSignerInfo(node);
    if (!s.ok) return s;
    signers.push(s.value);
  }
  return ok({ contentType, eContent, certificates, crls, signers });
}

function parseSignerInfo(node: BerNode): Result<CmsSigner, 'cms.malformed'> {
  const si = ber.seq(node);
  if (!si || si.length < 5) return err('cms.malformed', 'SignerInfo is malformed');
  let sid: CmsSigner['sid'];
  const sidNode = si[1];
  const ias = ber.seq(sidNode);
  if (ias && ias.length === 2 && ias[0] && ber.intBytes(ias[1])) {
    sid = {
      kind: 'issuer-serial',
      issuerDer: ber.raw(ias[0]),
      serialNumber: serialHex(ber.intBytes(ias[1])!),
    };
  } else if (ber.context(sidNode) === 0) {
    sid = { kind: 'ski', ski: Buffer.from(ber.value(sidNode!)).toString('hex') };
  } else {
    return err('cms.malformed', 'SignerIdentifier is malformed');
  }
  const digest = ber.algorithm(si[2]);
  if (!digest) return err('cms.malformed', 'SignerInfo digestAlgorithm is malformed');
  let i = 3;
  let signedAttributes: Uint8Array | undefined;
  let messageDigest: Uint8Array | undefined;
  let contentTypeAttribute: string | undefined;
  if (ber.context(si[i]) === 0) {
    const raw = Uint8Array.from(ber.raw(si[i]!));
    raw[0] = 0x31; // RFC 5652 §5.4: the signature is over the attributes encoded as SET OF.
    signedAttributes = raw;
    for (const attr of si[i]!.children) {
      const a = ber.seq(attr);
      const type = ber.oid(a?.[0]);
      const values = ber.set(a?.[1]);
      if (!type || !values) return err('cms.malformed', 'signed attribute is malformed');
      if (type === ATTR_MESSAGE_DIGEST) {
        if (messageDigest || values.length !== 1)
          return err('cms.malformed', 'messageDigest attribute must appear once with one value');
        messageDigest = ber.octets(values[0]);
      } else if (type === ATTR_CONTENT_TYPE) {
        if (contentTypeAttribute || values.length !== 1)
          return err('cms.malformed', 'contentType attribute must appear once with one value');
        contentTypeAttribute = ber.oid(values[0]);
      }
    }
    i++;
  }
  const sigAlg = ber.algorithm(si[i]);
  const signature = ber.octets(si[i + 1]);
  if (!sigAlg || !signature) return err('cms.malformed', 'SignerInfo signature is malformed');
  return ok({
    sid,
    digestOid: digest.oid,
    ...(signedAttributes ? { signedAttributes } : {}),
    ...(messageDigest ? { messageDigest } : {}),
    ...(contentTypeAttribute ? { contentTypeAttribute } : {}),
    signatureAlgorithm: sigAlg,
    signature,
  });
}
