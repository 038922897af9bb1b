import { type PolicyDocument, type PolicyStatement, parsePolicy, samePolicy } from './policy-document.ts';

/**
 * Puts our statements into a bucket policy without disturbing anyone else's: a statement whose
 * Sid is one of ours is replaced where it stands, new ones are appended, statements whose Sid
 * is in `retired` (ours, superseded) are dropped, every other statement keeps its content and
 * position. Returns `changed: false` when the policy already says it.
 *
 * @example mergeBucketPolicy(existingJson, [stmtA, stmtB], ['OldSid']) // → { document, changed }
 */
export function mergeBucketPolicy(
  existing: string | undefined,
  ours: readonly PolicyStatement[],
  retired: readonly string[] = [],
): { document: PolicyDocument; changed: boolean } {
  const current = existing === undefined ? { Version: '2012-10-17', Statement: [] } : parsePolicy(existing);
  const bySid = new Map(ours.map((statement) => [statement.Sid, statement]));
  const dropped = new Set(retired.filter((sid) => !bySid.has(sid)));
  const placed = new Set<string | undefined>();
  const statements: PolicyStatement[] = current.Statement.flatMap((statement) => {
    if (statement.Sid !== undefined && dropped.has(statement.Sid)) return [];
    const replacement = statement.Sid === undefined ? undefined : bySid.get(statement.Sid);
    if (!replacement) return [statement];
    placed.add(statement.Sid);
    return [replacement];
  });
  for (const statement of ours) if (!placed.has(statement.Sid)) statements.push(statement);
  const document: PolicyDocument = { ...current, Statement: statements };
  return { document, changed: existing === undefined || !samePolicy(existing, document) };
}
