/**
 * Certificate policy identifier written into device certificates until the provider's own
 * policy OID is assigned. It sits under 2.999, the arc X.660 reserves for examples, so it can
 * never collide with a real policy and no relying party can mistake it for one. To be replaced
 * by an OID under the provider's own arc (a Norwegian 2.16.578.1.<n> or an IANA private
 * enterprise number) together with the published certificate policy / CPS it names.
 */
export const DEVICE_CERTIFICATE_POLICY_PLACEHOLDER = '2.999.578.1.1';
