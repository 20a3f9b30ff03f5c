import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { der, tlv } from './der-builder.js';
import { certificatePem, signTestCertificate } from './sign-test-certificate.js';

const APPLE_NONCE = '1.2.840.113635.100.8.2';

/** A CA standing in for "Apple App Attestation Root CA" (P-384, like Apple's) or its intermediate. */
export interface TestAppleCa {
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly der: Uint8Array;
  readonly pem: string;
}

// --- a small CBOR encoder (preferred serialisation), enough for attestation objects ----------

export type CborInput =
  number | string | Uint8Array | readonly CborInput[] | ReadonlyMap<number | string, CborInput>;

function head(major: number, n: number): Uint8Array {
  if (n < 24) return Uint8Array.of((major << 5) | n);
  if (n < 0x100) return Uint8Array.of((major << 5) | 24, n);
  if (n < 0x10000) return Uint8Array.of((major << 5) | 25, n >> 8, n & 0xff);
  if (n < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return new Uint8Array(b);
  }
  const b = Buffer.alloc(9);
  b[0] = (major << 5) | 27;
  b.writeBigUInt64BE(BigInt(n), 1);
  return new Uint8Array(b);
}

/** Encodes a value as CBOR; maps keep their insertion order. */
export function cbor(value: CborInput): Uint8Array {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return der.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return der.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return der.concat([head(4, value.length), ...value.map(cbor)]);
  const map = value as ReadonlyMap<number | string, CborInput>;
  const parts: Uint8Array[] = [head(5, map.size)];
  for (const [k, v] of map) parts.push(cbor(k), cbor(v));
  return der.concat(parts);
}

// --- certificates ------------------------------------------------------------------------

const name = (cn: string) =>
  der.seq(
    der.set(der.seq(der.oid('2.5.4.3'), der.utf8(cn))),
    der.set(der.seq(der.oid('2.5.4.10'), der.utf8('Test Apple Inc.'))),
  );

/** Apple's chains: basicConstraints and keyUsage on every certificate. */
function certificate(spec: {
  subject: string;
  issuer: string;
  subjectKey: KeyObject;
  signerKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  extraExtensions?: Uint8Array[];
}): Uint8Array {
  const basicConstraints = der.seq(
    der.oid('2.5.29.19'),
    der.bool(true),
    der.octets(spec.ca ? der.seq(der.bool(true)) : der.seq()),
  );
  // keyUsage: keyCertSign + cRLSign for CAs, digitalSignature for the credential certificate.
  const keyUsage = der.seq(
    der.oid('2.5.29.15'),
    der.bool(true),
    der.octets(tlv(0, false, 3, spec.ca ? Uint8Array.of(0x01, 0x06) : Uint8Array.of(0x07, 0x80))),
  );
  return signTestCertificate({
    ...spec,
    subject: name(spec.subject),
    issuer: name(spec.issuer),
    extensions: [basicConstraints, keyUsage, ...(spec.extraExtensions ?? [])],
  }).der;
}

/** A self-signed P-384 root, like Apple's App Attestation Root CA (valid 2020–2045 unless told). */
export function makeAppleTestRoot(
  cn = 'Test App Attestation Root CA',
  validity: { notBefore?: Date; notAfter?: Date } = {},
): TestAppleCa {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const cert = certificate({
    subject: cn,
    issuer: cn,
    subjectKey: publicKey,
    signerKey: privateKey,
    notBefore: validity.notBefore ?? new Date('2020-03-18T18:32:53Z'),
    notAfter: validity.notAfter ?? new Date('2045-03-15T00:00:00Z'),
    ca: true,
  });
  return { name: cn, privateKey, publicKey, der: cert, pem: certificatePem(cert) };
}

/** The intermediate ("Apple App Attestation CA 1"), P-384, signed by `root`. */
export function makeAppleTestIntermediate(root: TestAppleCa, cn = 'Test App Attestation CA 1'): TestAppleCa {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const cert = certificate({
    subject: cn,
    issuer: root.name,
    subjectKey: publicKey,
    signerKey: root.privateKey,
    notBefore: new Date('2020-03-18T18:39:55Z'),
    notAfter: new Date('2030-03-13T00:00:00Z'),
    ca: true,
  });
  return { name: cn, privateKey, publicKey, der: cert, pem: certificatePem(cert) };
}

// --- attestation objects -----------------------------------------------------------------

export const AAGUID = {
  production: Buffer.concat([Buffer.from('appattest'), Buffer.alloc(7)]),
  development: Buffer.from('appattestdevelop'),
} as const;

export interface AppleAttestationSpec {
  /** The server challenge (raw bytes). */
  readonly challenge: Uint8Array;
  /** `TeamID.bundleId` whose SHA-256 becomes the rpIdHash. */
  readonly appId: string;
  /** The credential certificate is issued a minute before this. */
  readonly now: Date;
  readonly environment?: keyof typeof AAGUID;
  /** Overrides the environment's AAGUID. */
  readonly aaguid?: Uint8Array;
  /** authData's signCount; default 0. */
  readonly counter?: number;
  /** authData's credentialId; default the App Attest key's identifier. */
  readonly credentialId?: Uint8Array;
  /** The device signing key bound through clientDataHash; default a fresh P-256 key. */
  readonly device?: { readonly publicKey: KeyObject; readonly privateKey: KeyObject };
  /** Another intermediate to issue the credential certificate (default: a fresh one under `root`). */
  readonly intermediate?: TestAppleCa;
  readonly credCertNotAfter?: Date;
  /** What the app would put into the nonce extension; default the correct nonce. */
  readonly nonce?: Uint8Array;
  /** Raw extension value instead of SEQUENCE { [1] OCTET STRING nonce }. */
  readonly nonceExtensionValue?: Uint8Array;
}

export interface AppleAttestationFixture {
  /** What the app sends: the CBOR attestation object, base64. */
  readonly attestation: string;
  readonly attestationObject: Uint8Array;
  readonly credCert: Uint8Array;
  readonly intermediateCert: Uint8Array;
  readonly authData: Uint8Array;
  readonly receipt: Uint8Array;
  /** SHA-256 of the App Attest key's uncompressed point, base64 (what `generateKey` returns). */
  readonly keyId: string;
  /** The device signing key (the JWS key), DER SPKI base64, and its private key. */
  readonly devicePublicKeySpki: string;
  readonly devicePrivateKey: KeyObject;
  readonly devicePublicKey: KeyObject;
}

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** The attestation object's CBOR, from its parts. */
export function encodeAppleAttestationObject(parts: {
  fmt?: string;
  x5c: readonly Uint8Array[];
  receipt?: Uint8Array;
  authData: Uint8Array;
}): Uint8Array {
  const statement = new Map<string, CborInput>([['x5c', parts.x5c]]);
  if (parts.receipt) statement.set('receipt', parts.receipt);
  return cbor(
    new Map<string, CborInput>([
      ['fmt', parts.fmt ?? 'apple-appattest'],
      ['attStmt', statement],
      ['authData', parts.authData],
    ]),
  );
}

/**
 * What `DCAppAttestService.attestKey(keyId, clientDataHash)` returns, built the way Apple's
 * server does: a P-256 App Attest key, authData for it, and a credential certificate carrying
 * nonce = SHA-256(authData ‖ clientDataHash), where the app computed clientDataHash =
 * SHA-256(challenge ‖ SHA-256(device key SPKI)).
 */
export function makeAppleAttestation(root: TestAppleCa, spec: AppleAttestationSpec): AppleAttestationFixture {
  const device = spec.device ?? generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const deviceSpki = new Uint8Array(device.publicKey.export({ type: 'spki', format: 'der' }));
  const appAttestKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = appAttestKey.publicKey.export({ format: 'jwk' });
  const X = Buffer.from(x!, 'base64url');
  const Y = Buffer.from(y!, 'base64url');
  const keyId = sha256(Buffer.concat([Buffer.of(4), X, Y]));
  const credentialId = spec.credentialId ?? keyId;

  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(spec.counter ?? 0);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(credentialId.length);
  const coseKey = cbor(
    new Map<number, CborInput>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, X],
      [-3, Y],
    ]),
  );
  const authData = der.concat([
    sha256(Buffer.from(spec.appId, 'utf8')),
    Uint8Array.of(0x40),
    counter,
    spec.aaguid ?? AAGUID[spec.environment ?? 'production'],
    idLength,
    credentialId,
    coseKey,
  ]);

  const clientDataHash = sha256(spec.challenge, sha256(deviceSpki));
  const nonce = spec.nonce ?? sha256(authData, clientDataHash);
  const nonceValue = spec.nonceExtensionValue ?? der.seq(der.explicit(1, der.octets(nonce)));
  const intermediate = spec.intermediate ?? makeAppleTestIntermediate(root);
  const credCert = certificate({
    subject: keyId.toString('hex'),
    issuer: intermediate.name,
    subjectKey: appAttestKey.publicKey,
    signerKey: intermediate.privateKey,
    notBefore: new Date(spec.now.getTime() - 60_000),
    notAfter: spec.credCertNotAfter ?? new Date(spec.now.getTime() + 90 * 86_400_000),
    ca: false,
    extraExtensions: [der.seq(der.oid(APPLE_NONCE), der.octets(nonceValue))],
  });
  const receipt = new Uint8Array(randomBytes(1200));
  const attestationObject = encodeAppleAttestationObject({
    x5c: [credCert, intermediate.der],
    receipt,
    authData,
  });
  return {
    attestation: Buffer.from(attestationObject).toString('base64'),
    attestationObject,
    credCert,
    intermediateCert: intermediate.der,
    authData,
    receipt,
    keyId: keyId.toString('base64'),
    devicePublicKeySpki: Buffer.from(deviceSpki).toString('base64'),
    devicePrivateKey: device.privateKey,
    devicePublicKey: device.publicKey,
  };
}
