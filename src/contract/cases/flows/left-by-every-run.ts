import type { CaseResult } from '../../model.ts';
import type { PrincipalsFile } from '../../principals.ts';

/**
 * What any run leaves beside what each flow declares: records the API keeps of the requests themselves.
 * Each entry is there only when the results show the run did what leaves it.
 */
export function leftByEveryRun(results: CaseResult[], file: PrincipalsFile): string[] {
  const left: string[] = [];
  if (
    results.some((result) => result.group === 'flows' && result.outcome === 'passed' && result.proves === 'allowed')
  ) {
    left.push(
      'an audit-log entry for each write the flows made: ' +
        "the audit log is the organization's record, with no route to delete an entry",
    );
  }
  const orgKeys = new Set(
    file.principals.filter((p) => p.kind === 'orgKey' || p.kind === 'legacyOrgKey').map((p) => p.name),
  );
  if (
    results.some(
      (result) =>
        result.principal !== undefined &&
        orgKeys.has(result.principal) &&
        result.status !== undefined &&
        result.status > 0,
    )
  ) {
    left.push('the lastUsedAt of each organization key the run used: every use of a key sets it');
  }
  return left;
}
