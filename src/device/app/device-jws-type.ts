/**
 * The JOSE `typ` of everything the app signs (explicit typing, RFC 8725 §3.11): a device JWS is
 * never mistaken for another kind of token, nor another token for it.
 *
 * @example new CompactSign(bytes).setProtectedHeader({ alg: 'ES256', typ: DEVICE_JWS_TYPE, kid })
 */
export const DEVICE_JWS_TYPE = 'passport-eid-device+jws';
