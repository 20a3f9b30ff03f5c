import { err, ok, type Result } from '../shared/result.js';

/**
 * The levels of assurance this provider speaks, in two vocabularies (ID-porten's and eIDAS's).
 * A higher level satisfies a request for a lower one; a request that cannot be met is an error,
 * never a silent downgrade.
 */
export const ACR_VALUES = [
  'idporten-loa-high',
  'idporten-loa-substantial',
  'eidas-loa-high',
  'eidas-loa-substantial',
] as const;
export type AcrValue = (typeof ACR_VALUES)[number];
export type Level = 'substantial' | 'high';
type Vocabulary = 'idporten' | 'eidas';

const RANK: Record<Level, number> = { substantial: 3, high: 4 };
const PARSED: Record<AcrValue, { vocabulary: Vocabulary; level: Level }> = {
  'idporten-loa-high': { vocabulary: 'idporten', level: 'high' },
  'idporten-loa-substantial': { vocabulary: 'idporten', level: 'substantial' },
  'eidas-loa-high': { vocabulary: 'eidas', level: 'high' },
  'eidas-loa-substantial': { vocabulary: 'eidas', level: 'substantial' },
};

export interface AcrRequirement {
  readonly vocabulary: Vocabulary;
  /** The lowest level the relying party accepts. */
  readonly minimum: Level;
}

const isAcr = (v: string): v is AcrValue => v in PARSED;

/**
 * Reads `acr_values` (space-separated, in preference order). Unknown values are ignored as
 * OIDC asks, but if none is known the request cannot be met. The first known value picks the
 * vocabulary of the answer; the lowest known level is what the relying party accepts.
 */
export function readAcrRequirement(
  acrValues: string | undefined,
): Result<AcrRequirement, 'acr.unsatisfiable'> {
  if (!acrValues?.trim()) return ok({ vocabulary: 'idporten', minimum: 'high' });
  const known = acrValues.split(' ').filter(isAcr);
  if (known.length === 0) {
    return err(
      'acr.unsatisfiable',
      `none of the requested acr_values is supported; supported: ${ACR_VALUES.join(' ')}`,
    );
  }
  const levels = known.map((v) => PARSED[v].level);
  const minimum = levels.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b));
  return ok({ vocabulary: PARSED[known[0]!].vocabulary, minimum });
}

/** The acr to issue for an authentication at `achieved`, or an error when it is too low. */
export function acrFor(requirement: AcrRequirement, achieved: Level): Result<AcrValue, 'acr.too-low'> {
  if (RANK[achieved] < RANK[requirement.minimum]) {
    return err(
      'acr.too-low',
      `the authentication reached ${achieved}, the request needs at least ${requirement.minimum}`,
    );
  }
  return ok(`${requirement.vocabulary}-loa-${achieved}` as AcrValue);
}

/** The level an issued acr stands for (for re-using an existing session). */
export function levelOf(acr: string | undefined): Level | undefined {
  return acr && isAcr(acr) ? PARSED[acr].level : undefined;
}
