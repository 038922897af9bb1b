/** Observed against granted, in both directions. */
export interface PrivilegeDiff {
  /** Called but not granted: the call would be denied in AWS. */
  missing: string[];
  /** Granted but never called, and not on the list of what cannot be observed locally. */
  extra: string[];
  /** On that list but not granted: the list is out of date. */
  staleAllowance: string[];
}

export function comparePrivileges(
  observed: Iterable<string>,
  granted: Iterable<string>,
  unobservable: Iterable<string> = [],
): PrivilegeDiff {
  const seen = new Set(observed);
  const allowed = new Set(granted);
  const excused = new Set(unobservable);
  const sorted = (values: Iterable<string>) => [...values].sort();
  return {
    missing: sorted([...seen].filter((action) => !allowed.has(action))),
    extra: sorted([...allowed].filter((action) => !seen.has(action) && !excused.has(action))),
    staleAllowance: sorted([...excused].filter((action) => !allowed.has(action))),
  };
}
