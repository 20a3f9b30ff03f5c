/** Which App Attest environment the app's entitlement names; each has its own AAGUID. */
export type AppAttestEnvironment = 'production' | 'development';

/** Settings of the Apple App Attest check. */
export interface AppleAppAttestOptions {
  /**
   * PEM certificate(s) of the accepted root. Production: the "Apple App Attestation Root CA" from
   * Apple's Private PKI page (https://www.apple.com/certificateauthority/private/). A certificate,
   * not a bare key: its validity and CA flag are checked like the rest of the chain. Data, so
   * rotation is a config change.
   */
  readonly trustedRoots: readonly string[];
  /**
   * App IDs whose keys are accepted, `<TeamID>.<bundleId>` (e.g. `ABCDE12345.no.eid.authenticator`):
   * the authenticator data's rpIdHash is SHA-256 of one of them.
   */
  readonly appIds: readonly string[];
  /**
   * The App Attest environment accepted: `production` (App Store and TestFlight builds, AAGUID
   * `appattest` + 7 zero bytes) or `development` (AAGUID `appattestdevelop`). Exactly one, so a
   * development build can never enrol against a production server.
   */
  readonly environment: AppAttestEnvironment;
  /**
   * Refuse any root that is not a self-issued "Apple App Attestation Root CA" (production): the
   * same nonce extension appears in other Apple chains (WebAuthn anonymous attestation), so a
   * wrongly configured Apple root must stop start-up rather than become a level-high anchor.
   */
  readonly requireAppleRootName?: boolean;
  /** Largest attestation object (CBOR bytes); default 32 KiB (a real one is about 5 kB). */
  readonly maxAttestationBytes?: number;
}
