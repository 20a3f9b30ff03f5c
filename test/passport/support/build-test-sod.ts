import { createHash, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { parseCertificate } from '../../../src/passport/parse-certificate.js';
import { tlv } from './tlv.js';

export interface TestSodOptions {
  readonly dscDer: Uint8Array;
  readonly dscKey: KeyObject;
  readonly hashes: ReadonlyMap<number, Uint8Array>;
  readonly contentType?: string;
  /** Value of the contentType signed attribute (default: same as contentType). */
  readonly contentTypeAttribute?: string;
  readonly ldsVersion?: 0 | 1;
  readonly sid?: 'issuer-serial' | 'ski';
  /** Signature algorithm OID written into the SignerInfo (default sha256WithRSAEncryption / ecdsa-with-SHA256). */
  readonly signatureAlgorithm?: string;
  readonly omitSignedAttributes?: boolean;
  readonly wrongMessageDigest?: boolean;
  /** Write the SignerInfo's issuer name with its RDNs in reverse order (as some issuers do). */
  readonly reverseIssuerRdns?: boolean;
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
const alg = (oid: string, nullParams = true) =>
  new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: oid }), ...(nullParams ? [new asn1js.Null()] : [])],
  });
const ctx = (n: number, value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value });

/**
 * An EF.SOD built field by field with asn1js (independently of the factory), to exercise the
 * variants the factory does not make: legacy content types, id-data, LDS v1, SKI signer ids,
 * the bare rsaEncryption OID, missing or wrong signed attributes. Hashes are SHA-256.
 */
export function buildTestSod(o: TestSodOptions): Uint8Array {
  const dsc = parseCertificate(o.dscDer);
  if (!dsc.ok) throw new Error(dsc.detail);
  const contentType = o.contentType ?? '2.23.136.1.1.1';
  const entries = [...o.hashes].map(
    ([n, h]) =>
      new asn1js.Sequence({
        value: [new asn1js.Integer({ value: n }), new asn1js.OctetString({ valueHex: h })],
      }),
  );
  const lds = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: o.ldsVersion ?? 0 }),
      alg(SHA256),
      new asn1js.Sequence({ value: entries }),
      ...(o.ldsVersion === 1
        ? [
            new asn1js.Sequence({
              value: [
                new asn1js.PrintableString({ value: '0108' }),
                new asn1js.PrintableString({ value: '040000' }),
              ],
            }),
          ]
        : []),
    ],
  });
  const ldsDer = new Uint8Array(lds.toBER());
  const digest = createHash('sha256').update(ldsDer).digest();
  if (o.wrongMessageDigest) digest[0] = (digest[0] ?? 0) ^ 0xff;
  const attrs = [
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.3' }),
        new asn1js.Set({
          value: [new asn1js.ObjectIdentifier({ value: o.contentTypeAttribute ?? contentType })],
        }),
      ],
    }),
    new asn1js.Sequence({
      value: [
        new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.4' }),
        new asn1js.Set({ value: [new asn1js.OctetString({ valueHex: digest })] }),
      ],
    }),
  ];
  const toSign = o.omitSignedAttributes ? ldsDer : new Uint8Array(new asn1js.Set({ value: attrs }).toBER());
  const isRsa = o.dscKey.asymmetricKeyType === 'rsa';
  const signature = new Uint8Array(
    sign('sha256', toSign, isRsa ? o.dscKey : { key: o.dscKey, dsaEncoding: 'der' }),
  );
  const sigAlg = o.signatureAlgorithm ?? (isRsa ? '1.2.840.113549.1.1.11' : '1.2.840.10045.4.3.2');
  const sid =
    o.sid === 'ski'
      ? new asn1js.Primitive({
          idBlock: { tagClass: 3, tagNumber: 0 },
          valueHex: Buffer.from(dsc.value.subjectKeyIdentifier ?? '', 'hex'),
        })
      : new asn1js.Sequence({
          value: [
            issuerName(dsc.value.issuerDer, o.reverseIssuerRdns === true),
            new asn1js.Integer({
              valueHex: positive(Buffer.from(dsc.value.serialNumber.padStart(2, '0'), 'hex')),
            }),
          ],
        });
  const signerInfo = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: o.sid === 'ski' ? 3 : 1 }),
      sid,
      alg(SHA256),
      ...(o.omitSignedAttributes ? [] : [ctx(0, attrs)]),
      alg(sigAlg, isRsa),
      new asn1js.OctetString({ valueHex: signature }),
    ],
  });
  const signedData = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 3 }),
      new asn1js.Set({ value: [alg(SHA256)] }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: contentType }),
          ctx(0, [new asn1js.OctetString({ valueHex: ldsDer })]),
        ],
      }),
      ctx(0, [asn1js.fromBER(o.dscDer).result]),
      new asn1js.Set({ value: [signerInfo] }),
    ],
  });
  const contentInfo = new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.2' }), ctx(0, [signedData])],
  });
  return tlv(0x77, new Uint8Array(contentInfo.toBER()));
}

// DER INTEGER is signed: a serial whose first bit is set needs a leading zero byte.
function positive(b: Buffer): Buffer {
  return (b[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
}

function issuerName(der: Uint8Array, reverse: boolean): asn1js.AsnType {
  const name = asn1js.fromBER(der).result as asn1js.Sequence;
  return reverse ? new asn1js.Sequence({ value: [...name.valueBlock.value].reverse() }) : name;
}
