import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import type { IssuingCa } from '../../../src/device/certificate/issuing-ca.js';
import {
  issueDeviceCertificate,
  type DeviceCertificate,
  type IssueDeviceCertificateInput,
} from '../../../src/device/certificate/issue-device-certificate.js';
import { makeIdentityNumber } from '../../../src/shared/make-identity-number.js';

export const CRL_URL = 'http://127.0.0.1:3000/device-ca/crl';
const DAY_MS = 86_400_000;

/** A synthetic test person (month + 80 identity number), as the sandbox register has them. */
export const person = {
  givenName: 'Kari Åse',
  familyName: 'Nordmann',
  identityNumber: makeIdentityNumber({ birthDate: '1971-01-01' }),
};

export const newDeviceKey = (): KeyObject =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;

/** Issues with sensible defaults: a fresh P-256 device key, one year from `now` (or the CA's start). */
export function issue(
  ca: IssuingCa,
  now: Date,
  overrides: Partial<IssueDeviceCertificateInput> = {},
): DeviceCertificate {
  const result = issueDeviceCertificate({
    ca,
    devicePublicKey: newDeviceKey(),
    person,
    deviceId: 'device-1',
    validity: {
      notBefore: new Date(Math.max(now.getTime(), ca.notBefore.getTime())),
      notAfter: new Date(now.getTime() + 365 * DAY_MS),
    },
    crlDistributionPoint: CRL_URL,
    ...overrides,
  });
  if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
  return result.value;
}

/** The extensions of a DER certificate by OID: criticality and the extnValue contents. */
export function extensionsOf(certDer: Uint8Array): Map<string, { critical: boolean; value: Uint8Array }> {
  const cert = asn1js.fromBER(certDer).result as asn1js.Sequence;
  const tbs = cert.valueBlock.value[0] as asn1js.Sequence;
  const tagged = tbs.valueBlock.value.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 3);
  const list = (tagged as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const out = new Map<string, { critical: boolean; value: Uint8Array }>();
  for (const ext of list.valueBlock.value as asn1js.Sequence[]) {
    const parts = ext.valueBlock.value;
    const oid = (parts[0] as asn1js.ObjectIdentifier).valueBlock.toString();
    const critical = parts.length === 3 && (parts[1] as asn1js.Boolean).valueBlock.value;
    const value = new Uint8Array((parts[parts.length - 1] as asn1js.OctetString).valueBlock.valueHexView);
    out.set(oid, { critical, value });
  }
  return out;
}

export interface OpensslRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch folder for files the openssl CLI reads; `files` writes them, `run` calls openssl in it. */
export function opensslWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'device-cert-'));
  return {
    dir,
    write(name: string, content: string | Uint8Array): string {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    run(...args: string[]): OpensslRun {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
