import {
  adyenNotificationSignature,
  adyenSigningString,
} from '../../src/payment/adyen-notification-signature.js';

/** Adyen's published worked example (key, item and signature from the HMAC documentation / libraries). */
describe('Adyen notification HMAC', () => {
  const key = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
  const item = {
    pspReference: '7914073381342284',
    merchantAccountCode: 'TestMerchant',
    merchantReference: 'TestPayment-1407325143704',
    amount: { value: 1130, currency: 'EUR' },
    eventCode: 'AUTHORISATION',
    success: 'true',
  };

  test('signs the eight fields colon-joined, an absent originalReference as an empty field', () => {
    expect(adyenSigningString(item)).toBe(
      '7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true',
    );
    expect(adyenNotificationSignature(item, key)).toBe('coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=');
  });

  test('values are joined as they are: no escaping of colons or backslashes', () => {
    expect(adyenSigningString({ ...item, merchantReference: 'a:b\\c' })).toBe(
      '7914073381342284::TestMerchant:a:b\\c:1130:EUR:AUTHORISATION:true',
    );
  });
});
