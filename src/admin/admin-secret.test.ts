import { hashAdminSecret, verifyAdminSecret } from './admin-secret.js';

test('an administrator secret verifies against its hash and nothing else does', async () => {
  const hash = hashAdminSecret('correct horse battery staple');
  expect(hash).toMatch(/^scrypt\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  expect(await verifyAdminSecret('correct horse battery staple', hash)).toBe(true);
  expect(await verifyAdminSecret('correct horse battery stapl', hash)).toBe(false);
});

test('a truncated or malformed hash never verifies, not even the empty secret', async () => {
  for (const stored of [
    'scrypt$c2FsdA$A',
    'scrypt$c2FsdA$',
    'scrypt$$',
    'plain',
    `scrypt$${'A'.repeat(22)}$${'B'.repeat(10)}`,
  ]) {
    expect(await verifyAdminSecret('', stored)).toBe(false);
    expect(await verifyAdminSecret('anything', stored)).toBe(false);
  }
});
