import type { CompiledOperation } from '../spec/compile.ts';
import { bodyHead, isNoAnswer } from './http.ts';
import type { Answer, ContractCase } from './model.ts';
import type { SuiteRun } from './suite-run.ts';
import { messageOf } from '../guards.ts';

/** GETs and the query POSTs (access read) change nothing; everything else may. */
export const changesState = (operation: CompiledOperation) => operation.method !== 'get' && operation.access !== 'read';

const statusMatches = (expected: (number | '2xx')[], status: number) =>
  expected.some((e) => (e === '2xx' ? status >= 200 && status < 300 : e === status));

/**
 * Sends one case as its caller and records its result (when its group is `reported`), the schema check of the
 * answer, and for a cross-tenant case whether the answer holds anything of the other tenant.
 */
export async function runCase(run: SuiteRun, contractCase: ContractCase, reported: boolean): Promise<void> {
  const { operation } = contractCase;
  const base = {
    group: contractCase.group,
    rule: contractCase.rule,
    title: contractCase.title,
    operationId: operation.operationId,
    principal: contractCase.principal,
    expected: contractCase.expect.statuses.join(' or '),
  };
  try {
    let headers: Record<string, string> | string = {};
    if ('principal' in contractCase.caller)
      headers = run.credentialHeaders(
        contractCase.caller.principal,
        contractCase.caller.withoutCsrf ?? false,
        contractCase.request.method,
      );
    else if ('authorization' in contractCase.caller) headers = { authorization: contractCase.caller.authorization };
    if (typeof headers === 'string') {
      run.record({ ...base, outcome: 'failed', message: headers });
      return;
    }
    const answer = await run.request(contractCase.request, headers);
    const answered = !isNoAnswer(answer);
    const passed = answered && statusMatches(contractCase.expect.statuses, answer.status);
    if (reported) {
      run.record(
        {
          ...base,
          outcome: passed ? 'passed' : 'failed',
          status: answered ? answer.status : undefined,
          contentType: answer.headers['content-type'],
          bodyHead: passed || !answered ? undefined : bodyHead(answer.text),
          message: passed ? undefined : answered ? `expected ${base.expected}, got ${answer.status}` : answer.text,
          proves: passed ? run.provenBy(operation, answer, contractCase.expect.proves) : undefined,
        },
        answer,
      );
    }
    run.checkSchema(operation, answer, contractCase.title, contractCase.principal, reported ? 'skipped' : 'failed');
    if (contractCase.mustNotContain && reported) checkLeak(run, contractCase, base, answer);
  } catch (error) {
    run.record({
      ...base,
      outcome: 'failed',
      message: `the suite could not run this check: ${messageOf(error)}`,
    });
  }
}

/** A cross-tenant answer must hold none of the other tenant's values. */
function checkLeak(
  run: SuiteRun,
  contractCase: ContractCase,
  base: { group: string; title: string; operationId: string; principal?: string },
  answer: Answer,
) {
  const answered = !isNoAnswer(answer);
  const leaked = (contractCase.mustNotContain ?? []).filter((value) => answer.text.includes(value));
  run.record(
    {
      ...base,
      rule: 'roles.cross-tenant-leak',
      expected: 'an answer holding nothing of the other tenant',
      // No answer holds nothing, but shows nothing either: the check is not made.
      outcome: !answered ? 'skipped' : leaked.length ? 'failed' : 'passed',
      status: answered ? answer.status : undefined,
      bodyHead: leaked.length ? bodyHead(answer.text) : undefined,
      message: !answered
        ? answer.text
        : leaked.length
          ? `the answer holds the other tenant's ${leaked.join(', ')}`
          : undefined,
    },
    answer,
  );
}
