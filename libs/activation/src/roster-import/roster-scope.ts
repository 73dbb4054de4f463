/**
 * Whose schools an import may touch: every school (the CLI, a superadmin), a county's, or one
 * school's. Lines of other schools are refused with `out_of_scope` (reported, not imported).
 */
export type RosterScope =
  { kind: 'all' } | { kind: 'county'; county: string } | { kind: 'school'; schoolId: string };

export const ALL_SCHOOLS: RosterScope = { kind: 'all' };

export function rosterScopeColumns(scope: RosterScope): { kind: string; value: string | null } {
  if (scope.kind === 'county') return { kind: 'county', value: scope.county };
  if (scope.kind === 'school') return { kind: 'school', value: scope.schoolId };
  return { kind: 'all', value: null };
}

/** Back from the row; an unreadable one is the narrowest scope there is (no school). */
export function rosterScopeFrom(
  kind: string | null | undefined,
  value: string | null | undefined,
): RosterScope {
  if (kind === 'county') return { kind: 'county', county: value ?? '' };
  if (kind === 'school') return { kind: 'school', schoolId: value ?? '' };
  if (kind === 'all' || kind === undefined || kind === null) return ALL_SCHOOLS;
  return { kind: 'school', schoolId: '' };
}
