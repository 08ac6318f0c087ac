import type { CaseContext } from './cases/context.ts';
import type { Answer } from './model.ts';
import { walkPages, walkPlans } from './pagination.ts';
import type { SuiteRun } from './suite-run.ts';

/** Walks every page of one list per paginated operation, checking each page, and records each walk's result. */
export async function walkLists(run: SuiteRun, context: CaseContext): Promise<void> {
  for (const plan of walkPlans(context, run.paged)) {
    const base = {
      group: 'pagination',
      rule: 'pagination.walk',
      operationId: plan.operation.operationId,
      principal: plan.principal,
      expected: 'every page consistent, and count distinct records over all pages',
    };
    const title = `walk every page of ${plan.operation.operationId} as ${plan.principal}`;
    const headers = run.credentialHeaders(plan.principal, false, plan.request.method);
    if (typeof headers === 'string') {
      run.record({ ...base, title, outcome: 'failed', message: headers });
      continue;
    }
    let last: Answer | undefined;
    const outcome = await walkPages(plan, async (spec) => {
      last = await run.request(spec, headers);
      run.checkSchema(plan.operation, last, `${title}: ${spec.method} ${spec.path}`, plan.principal);
      return last;
    });
    run.record(
      {
        ...base,
        title: `${title} (${outcome.summary})`,
        outcome: outcome.problem ? 'failed' : outcome.unproven ? 'skipped' : 'passed',
        status: last?.status,
        contentType: last?.headers['content-type'],
        message: outcome.problem ?? outcome.unproven,
      },
      last,
    );
  }
}
