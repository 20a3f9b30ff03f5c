import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { der } from './der-builder.js';
import { certificatePem, signTestCertificate } from './sign-test-certificate.js';

const KEY_DESCRIPTION = '1.3.6.1.4.1.11129.2.1.17';

export interface TestCa {
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly der: Uint8Array;
  readonly pem: string;
  readonly serial: bigint;
}

export interface KeyDescriptionSpec {
  readonly challenge: Uint8Array;
  /** Both levels unless overridden: 0 Software, 1 TrustedEnvironment, 2 StrongBox. Default 1. */
  readonly securityLevel?: number;
  readonly attestationSecurityLevel?: number;
  readonly keymasterSecurityLevel?: number;
  /** Hardware-enforced KeyOrigin; default 0 (GENERATED). */
  readonly origin?: number;
  /** Hardware-enforced rootOfTrust; default locked and Verified (0). null leaves it out. */
  readonly rootOfTrust?: { readonly locked: boolean; readonly state: number } | null;
  /** Software-enforced attestationApplicationId. */
  readonly application?: { readonly packageName: string; readonly signingCertificate: Uint8Array };
}

const name = (cn: string) => der.seq(der.set(der.seq(der.oid('2.5.4.3'), der.utf8(cn))));

/** Android's chains: basicConstraints on CAs only, no keyUsage. */
function certificate(spec: {
  subject: string;
  issuer: string;
  subjectKey: KeyObject;
  signerKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  extraExtensions?: Uint8Array[];
}): { der: Uint8Array; serial: bigint } {
  const basicConstraints = der.seq(der.oid('2.5.29.19'), der.bool(true), der.octets(der.seq(der.bool(true))));
  return signTestCertificate({
    ...spec,
    subject: name(spec.subject),
    issuer: name(spec.issuer),
    extensions: [...(spec.ca ? [basicConstraints] : []), ...(spec.extraExtensions ?? [])],
  });
}

/** A self-signed root standing in for Google's hardware attestation root. */
export function makeTestRoot(
  cn = 'Test Attestation Root',
  notBefore = new Date('2020-01-01T00:00:00Z'),
): TestCa {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cert = certificate({
    subject: cn,
    issuer: cn,
    subjectKey: publicKey,
    signerKey: privateKey,
    notBefore,
    notAfter: new Date('2045-01-01T00:00:00Z'),
    ca: true,
  });
  return {
    name: cn,
    privateKey,
    publicKey,
    der: cert.der,
    pem: certificatePem(cert.der),
    serial: cert.serial,
  };
}

/** The KeyDescription DER as the Key Attestation schema lays it out (KeyMint 200). */
export function buildKeyDescription(spec: KeyDescriptionSpec): Uint8Array {
  const level = spec.securityLevel ?? 1;
  const sw: Uint8Array[] = [];
  if (spec.application) {
    const appId = der.seq(
      der.set(der.seq(der.octets(new Uint8Array(Buffer.from(spec.application.packageName))), der.int(42))),
      der.set(
        der.octets(new Uint8Array(createHash('sha256').update(spec.application.signingCertificate).digest())),
      ),
    );
    sw.push(der.explicit(709, der.octets(appId)));
  }
  const hw: Uint8Array[] = [
    der.explicit(1, der.set(der.int(2), der.int(3))), // purpose: SIGN, VERIFY
    der.explicit(2, der.int(3)), // algorithm: EC
    der.explicit(702, der.int(spec.origin ?? 0)),
  ];
  const root = spec.rootOfTrust === undefined ? { locked: true, state: 0 } : spec.rootOfTrust;
  if (root) {
    hw.push(
      der.explicit(
        704,
        der.seq(
          der.octets(new Uint8Array(32).fill(7)),
          der.bool(root.locked),
          der.enumerated(root.state),
          der.octets(new Uint8Array(32)),
        ),
      ),
    );
  }
  hw.push(der.explicit(706, der.int(150000))); // osPatchLevel: not read, must be skipped
  return der.seq(
    der.int(200),
    der.enumerated(spec.attestationSecurityLevel ?? level),
    der.int(200),
    der.enumerated(spec.keymasterSecurityLevel ?? level),
    der.octets(spec.challenge),
    der.octets(new Uint8Array(0)),
    der.seq(...sw),
    der.seq(...hw),
  );
}

export interface AttestationFixture {
  /** leaf, intermediate, root (DER). */
  readonly certificates: Uint8Array[];
  /** What the app sends: the DER certificates concatenated, leaf first, base64. */
  readonly attestation: string;
  readonly devicePublicKeySpki: string;
  readonly devicePrivateKey: KeyObject;
  readonly intermediateSerial: bigint;
}

export interface AttestationBatch {
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly der: Uint8Array;
  readonly serial: bigint;
}

/** An attestation batch intermediate under `root` (what a factory's leaked keybox would be). */
export function makeAttestationBatch(
  root: TestCa,
  opts: { readonly extraExtensions?: Uint8Array[] } = {},
): AttestationBatch {
  const batch = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const batchName = `Batch ${randomBytes(4).toString('hex')}`;
  const cert = certificate({
    subject: batchName,
    issuer: root.name,
    subjectKey: batch.publicKey,
    signerKey: root.privateKey,
    notBefore: new Date('2022-01-01T00:00:00Z'),
    notAfter: new Date('2042-01-01T00:00:00Z'),
    ca: true,
    extraExtensions: opts.extraExtensions ?? [],
  });
  return { name: batchName, privateKey: batch.privateKey, der: cert.der, serial: cert.serial };
}

/**
 * A chain like a phone's: device key leaf (with the KeyDescription) ← batch intermediate ← root.
 */
export function makeAndroidAttestation(
  root: TestCa,
  spec: KeyDescriptionSpec & {
    readonly now: Date;
    /** Put a KeyDescription into the intermediate too (an attack Android verifiers must refuse). */
    readonly descriptionInIntermediate?: boolean;
    readonly includeRoot?: boolean;
    readonly leafNotAfter?: Date;
    /** The intermediate that signs the leaf; default a new one. Phones of one batch share it. */
    readonly batch?: AttestationBatch;
  },
): AttestationFixture {
  const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const description = der.seq(der.oid(KEY_DESCRIPTION), der.octets(buildKeyDescription(spec)));
  const batch =
    spec.batch ??
    makeAttestationBatch(root, spec.descriptionInIntermediate ? { extraExtensions: [description] } : {});
  const leaf = certificate({
    subject: 'Android Keystore Key',
    issuer: batch.name,
    subjectKey: device.publicKey,
    signerKey: batch.privateKey,
    notBefore: new Date(spec.now.getTime() - 60_000),
    notAfter: spec.leafNotAfter ?? new Date('2048-01-01T00:00:00Z'),
    ca: false,
    extraExtensions: [description],
  });
  const certificates = [leaf.der, batch.der, ...(spec.includeRoot === false ? [] : [root.der])];
  return {
    certificates,
    attestation: Buffer.from(der.concat(certificates)).toString('base64'),
    devicePublicKeySpki: device.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    devicePrivateKey: device.privateKey,
    intermediateSerial: batch.serial,
  };
}
