import type { Flow, FlowStep } from './cases/flows/index.ts';
import { sendThroughClients } from './flow-clients.ts';
import { bodyHead, isNoAnswer } from './http.ts';
import type { Answer, RequestSpec } from './model.ts';
import type { SuiteRun } from './suite-run.ts';
import { messageOf } from '../guards.ts';

/**
 * Runs a flow's steps in order, then notes on the run what the flow leaves on the target: what it declares,
 * and what each failed cleanup step may have left.
 */
export async function runFlow(run: SuiteRun, flow: Flow): Promise<void> {
  const state: Record<string, unknown> = {};
  const first = run.results.length;
  let broken: string | undefined;
  for (const step of flow.steps) broken = await runStep(run, flow, step, state, broken);
  const left = flow.leaves?.(state);
  if (left) run.leftOnTarget.push(left);
  for (const step of flow.steps.filter((s) => s.cleanup)) {
    const failed = run.results
      .slice(first)
      .find((r) => r.outcome === 'failed' && r.rule === step.rule && r.title === `${flow.name}: ${step.title}`);
    if (failed)
      run.leftOnTarget.push(
        `what the ${flow.name} flow made, maybe: its cleanup step "${step.title}" failed ` +
          `(${failed.message ?? `status ${failed.status}`})`,
      );
  }
}

/**
 * Sends one step and records its result and the schema check of its answer. After a step has failed (`broken`
 * names it), only cleanup steps are sent; the others are skipped. Answers what is broken after this step.
 */
async function runStep(
  run: SuiteRun,
  flow: Flow,
  step: FlowStep,
  state: Record<string, unknown>,
  broken: string | undefined,
): Promise<string | undefined> {
  const operation = run.operation(step.operationId);
  const base = {
    group: 'flows',
    rule: step.rule,
    title: `${flow.name}: ${step.title}`,
    operationId: step.operationId,
    principal: step.principal,
    expected: 'see the step',
  };
  if (broken && !step.cleanup) {
    run.record({ ...base, outcome: 'skipped', message: `an earlier step failed: ${broken}` });
    return broken;
  }
  const headersFor = (method: string) =>
    step.headers ? step.headers(state) : step.principal ? run.credentialHeaders(step.principal, false, method) : {};
  const unusable = headersFor('GET');
  if (typeof unusable === 'string') {
    run.record({ ...base, outcome: 'failed', message: unusable });
    return unusable;
  }
  const sendStep = async (spec: RequestSpec) => {
    const headers = headersFor(spec.method);
    if (typeof headers === 'string') throw new Error(headers);
    return run.request(spec, headers);
  };
  let answer: Answer | undefined;
  let problem: string | undefined;
  try {
    answer = step.request ? await sendStep(step.request(state)) : await sendThroughClients(step.call, state, sendStep);
    // A step is judged only on what came back: nothing, or no answer at all, fails it.
    problem = !answer ? 'the step sent no request' : isNoAnswer(answer) ? answer.text : step.check(answer, state);
  } catch (error) {
    problem = `the step could not run: ${messageOf(error)}`;
  }
  const answered = answer && !isNoAnswer(answer) ? answer : undefined;
  run.record(
    {
      ...base,
      outcome: problem ? 'failed' : 'passed',
      status: answered?.status,
      contentType: answered?.headers['content-type'],
      bodyHead: problem && answered ? bodyHead(answered.text) : undefined,
      message: problem,
      proves:
        problem || !answered || operation.access === 'read' ? undefined : run.provenBy(operation, answered, 'allowed'),
    },
    answer,
  );
  if (answer) run.checkSchema(operation, answer, `${flow.name}: ${step.title}`, step.principal);
  return problem ? (broken ?? step.title) : broken;
}
