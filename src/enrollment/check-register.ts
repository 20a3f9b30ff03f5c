import type { RegistryErrorCode } from '../registry/population-register.js';
import { err, ok, type Result } from '../shared/result.js';
import { matchPerson } from './match-person.js';
import type { Order } from './order.js';
import { registerStatusFailure } from './register-failure-code.js';
import type { RegistrationDeps } from './registration-deps.js';

/**
 * The register step: the person behind the identity number exists, is active, and is the chip's
 * holder (names after ICAO transliteration, birth date, nationality, document number). A decided
 * "no" fails the order with the first reason (every reason is kept for the page); a register
 * that cannot answer leaves the order as it is (`registry.unavailable`: try again later).
 */
export async function checkRegister(
  deps: RegistrationDeps,
  orderId: string,
): Promise<Result<Order, 'registry.unavailable' | 'order.not-allowed' | 'order.gone'>> {
  const order = await deps.orders.get(orderId);
  if (!order.ok) return err('order.gone', 'the order no longer exists');
  if (order.value.state !== 'chip_verified' || !order.value.chip)
    return err(
      'order.not-allowed',
      `the register is checked after the chip, not in state ${order.value.state}`,
    );
  const priv = await deps.vault.get(orderId);
  if (!priv) return err('order.gone', 'the order no longer exists');

  const looked = await deps.register.lookupPerson(priv.pid);
  if (!looked.ok && looked.code !== 'registry.not-found') {
    await deps.vault.update(orderId, { lastProblem: 'registry.unavailable' });
    await deps.audit.append({
      actor: 'system',
      action: 'order.register-check',
      target: orderId,
      outcome: 'registry.unavailable',
    });
    deps.log.warn(
      { event: 'registration.register-unavailable', orderId, code: looked.code },
      'register unavailable',
    );
    return err('registry.unavailable', 'the population register could not answer; try again later');
  }
  const fail = async (reasonCode: string, mismatches?: readonly string[]) => {
    await deps.vault.update(orderId, { lastProblem: reasonCode, ...(mismatches ? { mismatches } : {}) });
    const r = await deps.orders.apply(orderId, { type: 'fail', key: 'fail:register', reasonCode });
    // The order's own entry has the first reason; every further mismatch is audited too.
    for (const code of (mismatches ?? []).filter((m) => m !== reasonCode))
      await deps.audit.append({
        actor: 'system',
        action: 'order.register-check',
        target: orderId,
        outcome: code,
      });
    deps.log.info({ event: 'registration.register-refused', orderId, reasonCode }, 'register check failed');
    return r.ok ? ok(r.value.order) : err('order.not-allowed' as const, r.detail);
  };
  if (!looked.ok) return fail('registry.not-found' satisfies RegistryErrorCode);
  const person = looked.value;
  if (person.status !== 'active') return fail(registerStatusFailure(person.status));
  if (!person.birthDate) return fail('match.birth-date', ['match.birth-date']);

  const matched = matchPerson(order.value.chip.holder, {
    givenNames: person.givenNames,
    familyName: person.familyName,
    middleName: person.middleName,
    birthDate: person.birthDate,
    citizenships: person.citizenships,
    documents: person.identityDocuments
      .filter((d) => d.number)
      .map((d) => ({ number: d.number!, country: d.issuingCountry })),
  });
  if (!matched.ok)
    return fail(
      matched.code,
      matched.mismatches.map((m) => m.code),
    );

  // The data first, then the transition: a crash in between leaves a harmless extra field, never
  // a matched (and later paid) order without the register data its eID is made from.
  await deps.vault.update(orderId, {
    lastProblem: undefined,
    person: {
      givenName: person.givenNames.join(' '),
      familyName: person.middleName ? `${person.middleName} ${person.familyName}` : person.familyName,
      birthDate: person.birthDate,
    },
  });
  const applied = await deps.orders.apply(orderId, {
    type: 'registryMatched',
    key: 'register:matched',
    personRef: deps.personRef(priv.pid),
  });
  if (!applied.ok) return err('order.not-allowed', applied.detail);
  return ok(applied.value.order);
}
