import { err, ok, type Result } from '../../shared/result.js';
import type { DerNode } from './der-node.js';
import type {
  AuthorizationSummary,
  KeyDescription,
  SecurityLevelName,
  VerifiedBootStateName,
} from './key-description.js';
import { readDer } from './read-der.js';
import { readDerChildren } from './read-der-children.js';

type Parsed<T> = Result<T, 'attestation.malformed'>;

const SECURITY_LEVELS: readonly SecurityLevelName[] = ['Software', 'TrustedEnvironment', 'StrongBox'];
const BOOT_STATES: readonly VerifiedBootStateName[] = ['Verified', 'SelfSigned', 'Unverified', 'Failed'];

const UNIVERSAL = 0;
const CONTEXT = 2;
const BOOLEAN = 1;
const INTEGER = 2;
const OCTET_STRING = 4;
const ENUMERATED = 10;
const SEQUENCE = 16;
const SET = 17;

const bad = (detail: string) => err('attestation.malformed', `KeyDescription: ${detail}`);
const is = (n: DerNode | undefined, tagNumber: number, tagClass = UNIVERSAL): n is DerNode =>
  n !== undefined && n.tagClass === tagClass && n.tagNumber === tagNumber;

/** A small non-negative INTEGER or ENUMERATED; the schema has no negative or huge values we read. */
function smallInt(n: DerNode | undefined, tag: number): number | undefined {
  if (!is(n, tag) || n.constructed || n.value.length === 0 || n.value.length > 6) return undefined;
  if ((n.value[0]! & 0x80) !== 0) return undefined;
  return n.value.reduce((acc, b) => acc * 256 + b, 0);
}

function securityLevel(n: DerNode | undefined): SecurityLevelName | undefined {
  const v = smallInt(n, ENUMERATED);
  return v === undefined ? undefined : SECURITY_LEVELS[v];
}

/** `[tag] EXPLICIT inner`: the one element inside. */
function explicitInner(n: DerNode): DerNode | undefined {
  const inner = readDerChildren(n, 1);
  return inner.ok && inner.value.length === 1 ? inner.value[0] : undefined;
}

function parseRootOfTrust(n: DerNode): Parsed<AuthorizationSummary['rootOfTrust']> {
  const fields = is(n, SEQUENCE) ? readDerChildren(n, 8) : undefined;
  if (!fields?.ok) return bad('rootOfTrust is not a SEQUENCE');
  const [bootKey, locked, state] = fields.value;
  if (!is(bootKey, OCTET_STRING) || !is(locked, BOOLEAN) || locked.value.length !== 1) {
    return bad('rootOfTrust fields');
  }
  const bootState = BOOT_STATES[smallInt(state, ENUMERATED) ?? -1];
  if (!bootState) return bad('rootOfTrust.verifiedBootState');
  return ok({ deviceLocked: locked.value[0] !== 0, verifiedBootState: bootState });
}

function parseApplicationId(n: DerNode): Parsed<AuthorizationSummary['attestationApplicationId']> {
  // `[709] EXPLICIT OCTET STRING` whose contents are the DER of AttestationApplicationId.
  if (!is(n, OCTET_STRING)) return bad('attestationApplicationId is not an OCTET STRING');
  const seq = readDer(n.value);
  if (!seq.ok || !is(seq.value, SEQUENCE) || seq.value.raw.length !== n.value.length) {
    return bad('attestationApplicationId is not one SEQUENCE');
  }
  const parts = readDerChildren(seq.value, 4);
  if (!parts.ok || !is(parts.value[0], SET) || !is(parts.value[1], SET)) {
    return bad('attestationApplicationId needs package_infos and signature_digests');
  }
  const infos = readDerChildren(parts.value[0], 64);
  const digests = readDerChildren(parts.value[1], 64);
  if (!infos.ok || !digests.ok) return bad('attestationApplicationId sets');
  const packageNames: string[] = [];
  for (const info of infos.value) {
    const fields = is(info, SEQUENCE) ? readDerChildren(info, 4) : undefined;
    const name = fields?.ok ? fields.value[0] : undefined;
    if (!is(name, OCTET_STRING)) return bad('AttestationPackageInfo.package_name');
    packageNames.push(Buffer.from(name.value).toString('utf8'));
  }
  const signatureDigests: Uint8Array[] = [];
  for (const d of digests.value) {
    if (!is(d, OCTET_STRING)) return bad('signature_digests entry');
    signatureDigests.push(d.value);
  }
  return ok({ packageNames, signatureDigests });
}

function parseAuthorizationList(n: DerNode | undefined, name: string): Parsed<AuthorizationSummary> {
  if (!is(n, SEQUENCE)) return bad(`${name} is not a SEQUENCE`);
  const entries = readDerChildren(n, 128);
  if (!entries.ok) return bad(`${name}: ${entries.detail}`);
  const summary: {
    -readonly [K in keyof AuthorizationSummary]: AuthorizationSummary[K];
  } = {};
  for (const entry of entries.value) {
    if (entry.tagClass !== CONTEXT || !entry.constructed) return bad(`${name} has an untagged entry`);
    const inner = explicitInner(entry);
    if (!inner) return bad(`${name} [${entry.tagNumber}] is not EXPLICIT`);
    switch (entry.tagNumber) {
      case 1: {
        const members = is(inner, SET) ? readDerChildren(inner, 16) : undefined;
        if (!members?.ok) return bad(`${name}.purpose`);
        const values = members.value.map((m) => smallInt(m, INTEGER));
        if (values.some((v) => v === undefined)) return bad(`${name}.purpose`);
        summary.purposes = values as number[];
        break;
      }
      case 702: {
        const origin = smallInt(inner, INTEGER);
        if (origin === undefined) return bad(`${name}.origin`);
        summary.origin = origin;
        break;
      }
      case 704: {
        const root = parseRootOfTrust(inner);
        if (!root.ok) return root;
        summary.rootOfTrust = root.value;
        break;
      }
      case 709: {
        const app = parseApplicationId(inner);
        if (!app.ok) return app;
        summary.attestationApplicationId = app.value;
        break;
      }
      default:
      // Other tags (algorithm, key size, OS version, patch levels, …) are not policy here.
    }
  }
  return ok(summary);
}

/**
 * Parses the contents of the Key Attestation extension (the extnValue OCTET STRING's contents).
 * Reads the fields this server decides on and ignores the rest, so newer KeyMint versions with
 * more tags still parse. Never throws.
 *
 * @example
 *   const kd = parseKeyDescription(extnValue);
 *   if (kd.ok) kd.value.attestationSecurityLevel; // 'TrustedEnvironment'
 */
export function parseKeyDescription(bytes: Uint8Array): Parsed<KeyDescription> {
  const top = readDer(bytes);
  if (!top.ok || !is(top.value, SEQUENCE) || top.value.raw.length !== bytes.length) {
    return bad('not one SEQUENCE');
  }
  const fields = readDerChildren(top.value, 16);
  if (!fields.ok || fields.value.length < 8) return bad('fewer than eight fields');
  const [version, attLevel, kmVersion, kmLevel, challenge, uniqueId, sw, hw] = fields.value;
  const attestationVersion = smallInt(version, INTEGER);
  const keymasterVersion = smallInt(kmVersion, INTEGER);
  const attestationSecurityLevel = securityLevel(attLevel);
  const keymasterSecurityLevel = securityLevel(kmLevel);
  if (attestationVersion === undefined || keymasterVersion === undefined) return bad('versions');
  if (!attestationSecurityLevel || !keymasterSecurityLevel) return bad('security levels');
  if (!is(challenge, OCTET_STRING) || challenge.constructed) return bad('attestationChallenge');
  if (!is(uniqueId, OCTET_STRING)) return bad('uniqueId');
  const softwareEnforced = parseAuthorizationList(sw, 'softwareEnforced');
  if (!softwareEnforced.ok) return softwareEnforced;
  const hardwareEnforced = parseAuthorizationList(hw, 'hardwareEnforced');
  if (!hardwareEnforced.ok) return hardwareEnforced;
  return ok({
    attestationVersion,
    attestationSecurityLevel,
    keymasterVersion,
    keymasterSecurityLevel,
    attestationChallenge: challenge.value,
    softwareEnforced: softwareEnforced.value,
    hardwareEnforced: hardwareEnforced.value,
  });
}
