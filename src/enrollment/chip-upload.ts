/** A reader-app upload after validation: exact chip bytes, the AA answer, the face-match JWS. */
export interface ChipUpload {
  readonly sod: Uint8Array;
  readonly dataGroups: Readonly<Record<number, Uint8Array>>;
  readonly com?: Uint8Array;
  readonly activeAuthentication: { readonly challenge: Uint8Array; readonly signature: Uint8Array };
  readonly faceMatch: string;
  readonly app: { readonly platform: 'ios' | 'android' | 'sandbox'; readonly version: string };
}
