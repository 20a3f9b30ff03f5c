import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { DeviceCertificateRegistry } from '../certificate/device-certificate-registry.js';
import { issueDeviceCertificate } from '../certificate/issue-device-certificate.js';
import type { IssuingCa } from '../certificate/issuing-ca.js';
import type { DeviceRecord } from './device-record.js';

export interface IssuedDeviceCertificate {
  readonly serialHex: string;
  readonly pem: string;
}

/**
 * Issues and records the certificate of an enabled device: the device key, the person's name and
 * identity number from the eID record, two years (or less, within the CA's validity).
 *
 * @example
 *   const cert = await certificates.issue(device, { givenName, familyName });
 *   if (cert.ok) await records.update(device.id, { certificateSerial: cert.value.serialHex });
 */
export interface DeviceCertificateIssuer {
  issue(
    device: DeviceRecord,
    person: { readonly givenName: string; readonly familyName: string },
  ): Promise<Result<IssuedDeviceCertificate, string>>;
}

const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;

export function createDeviceCertificateIssuer(deps: {
  /** A promise while the (shared sandbox) CA is still being loaded. */
  ca: IssuingCa | Promise<IssuingCa>;
  registry: DeviceCertificateRegistry;
  issuer: string;
  clock: Clock;
}): DeviceCertificateIssuer {
  return {
    async issue(device, person) {
      const ca = await deps.ca;
      const now = deps.clock.now();
      // A minute back so a verifier whose clock is a little behind accepts it at once.
      const notBefore = new Date(Math.max(now.getTime() - 60_000, ca.notBefore.getTime()));
      const notAfter = new Date(Math.min(now.getTime() + TWO_YEARS_MS, ca.notAfter.getTime()));
      const cert = issueDeviceCertificate({
        ca,
        devicePublicKey: createPublicKey({ key: device.publicJwk as JsonWebKey, format: 'jwk' }),
        person: { ...person, identityNumber: device.pid },
        deviceId: device.id,
        validity: { notBefore, notAfter },
        crlDistributionPoint: `${deps.issuer}/crl/device-ca.crl`,
        caIssuersUrl: `${deps.issuer}/crl/device-ca.crt`,
      });
      if (!cert.ok) return err(cert.code, cert.detail);
      const recorded = await deps.registry.record(
        { serial: cert.value.serial, deviceId: device.id, notAfter: cert.value.notAfter },
        now,
      );
      if (!recorded.ok) return err(recorded.code, recorded.detail);
      return ok({ serialHex: cert.value.serialHex, pem: cert.value.pem });
    },
  };
}
