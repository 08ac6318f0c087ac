import type { CompiledOperation } from '../spec/compile.ts';
import { responseMismatch } from '../spec/conformance.ts';
import { bundledDocuments } from '../spec/load.ts';
import { Aimer } from './aim.ts';
import { contentTypeCases } from './cases/content-types.ts';
import type { CaseContext } from './cases/context.ts';
import { credentialCases } from './cases/credentials.ts';
import { flows, leftByEveryRun, type Flow } from './cases/flows.ts';
import { sendThroughClients } from './flow-clients.ts';
import { roleCases } from './cases/roles.ts';
import { bodyHead, isNoAnswer, send } from './http.ts';
import type { Answer, CaseResult, ContractCase, RequestSpec } from './model.ts';
import { askedPage, asPage, pagedOperations, pageProblems, walkPages, walkPlans } from './pagination.ts';
import { reproduction, SecretBook, type Sent } from './reproduce.ts';
import { allOperations } from './operations.ts';
import type { PreflightResult } from './preflight.ts';
import type { PrincipalsFile } from './principals.ts';
import { answeredAsRouted, isNotFoundOrNotAllowed } from './routed.ts';
import { inShard, runsFlows, type Shard } from './shard.ts';

export interface SuiteOptions {
  file: PrincipalsFile;
  api: string;
  data: string;
  readOnly?: boolean;
  strict?: boolean;
  /** Only these rule groups (credentials, roles, content-types, flows, pagination); schema and page checks ride along with every answer. */
  only?: string[];
  /**
   * Only this share of the cases (`--shard K/N`, see `inShard`); the flows and page walks run in the last shard
   * (`runsFlows`). Every shard logs in (and out) every user, and records each login and logout check once over all shards.
   */
  shard?: Shard;
  onResult?: (result: CaseResult) => void;
  /** Told of every request sent (tests count them). */
  onRequest?: (request: RequestSpec) => void;
}

export interface SuiteReport {
  results: CaseResult[];
  summary: Record<string, { passed: number; failed: number; skipped: number }>;
  /** Operations exercised with at least one caller let through and one kept out, over all operations. */
  coverage: { covered: number; total: number; missing: string[] };
  failed: number;
  /** What the run leaves on the target, each with the reason the API keeps it (see `leftByEveryRun` and the flows' `leaves`). */
  leftOnTarget: string[];
  /** The checks made before any case ran (`verify` runs them); absent when they were skipped. */
  preflight?: PreflightResult;
}

export const groups = ['credentials', 'roles', 'content-types', 'schema', 'flows', 'pagination'] as const;

/** GETs and the query POSTs (access read) change nothing; everything else may. */
const changesState = (operation: CompiledOperation) => operation.method !== 'get' && operation.access !== 'read';

const statusMatches = (expected: (number | '2xx')[], status: number) =>
  expected.some((e) => (e === '2xx' ? status >= 200 && status < 300 : e === status));

/** The secrets of the principals file, each with the shell variable a reproduction's curl command reads it from. */
function secretsOf(file: PrincipalsFile): SecretBook {
  const book = new SecretBook();
  for (const principal of file.principals) {
    if ('authorization' in principal.credential)
      book.add(
        principal.credential.authorization,
        'authorization',
        'C3D_AUTHORIZATION',
        `the "authorization" of principal ${principal.name} in the principals file`,
      );
    else
      book.add(
        principal.credential.password,
        'password',
        'C3D_PASSWORD',
        `the password of principal ${principal.name} in the principals file`,
      );
  }
  for (const [index, revoked] of (file.revoked ?? []).entries())
    book.add(
      revoked.authorization,
      'authorization',
      'C3D_AUTHORIZATION',
      `the "authorization" of revoked[${index}] in the principals file`,
    );
  return book;
}

/** A request as `send` puts it on the wire: the base URL's origin and path, then the spec's path; the body's Content-Type last. */
function sentOf(base: string, spec: RequestSpec, headers: Record<string, string>): Sent {
  const sentHeaders = Object.fromEntries(
    Object.entries({ ...spec.headers, ...headers }).filter(([, value]) => value !== undefined),
  );
  if (spec.body) sentHeaders['content-type'] = spec.body.contentType;
  return { spec, url: `${base.replace(/\/$/, '')}${spec.path}`, headers: sentHeaders };
}

/** Runs the contract suite against a target and answers every result, the summary per group and the coverage. */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const { file } = options;
  const operations = allOperations();
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  const context: CaseContext = {
    file,
    operations,
    aimer: new Aimer(bundledDocuments),
    strict: options.strict ?? false,
  };
  const wanted = (group: string) => !options.only || options.only.includes(group);
  const bases = { api: options.api, data: options.data };
  const results: CaseResult[] = [];
  const secrets = secretsOf(file);
  /** What was sent for each answer, kept only as long as the answer is, for the reproduction of a failure. */
  const sentFor = new WeakMap<Answer, Sent>();
  /** Records a result; a failure also carries its reproduction (the request, the answer, a curl command), credentials masked. */
  const record = (result: CaseResult, answer?: Answer) => {
    const sent = answer && sentFor.get(answer);
    const kept: CaseResult =
      result.outcome !== 'failed'
        ? result
        : {
            ...result,
            ...(result.message === undefined ? {} : { message: secrets.mask(result.message) }),
            ...(result.bodyHead === undefined ? {} : { bodyHead: secrets.mask(result.bodyHead) }),
            ...(answer && sent ? reproduction(sent, answer, secrets) : {}),
          };
    results.push(kept);
    options.onResult?.(kept);
  };

  /** Sends a request; one nothing answered comes back as status 0 with its reason (`isNoAnswer`), so it never stops the run. */
  const request = async (spec: RequestSpec, headers: Record<string, string>): Promise<Answer> => {
    options.onRequest?.(spec);
    const answer = await send(bases[spec.host], spec, headers);
    sentFor.set(answer, sentOf(bases[spec.host], spec, headers));
    return answer;
  };

  /** What a passed check proves for coverage: nothing unless the answer shows the target served the operation. */
  const provenBy = (operation: CompiledOperation, answer: Answer, proves: CaseResult['proves']) =>
    proves && answeredAsRouted(operation, answer) ? proves : undefined;

  // Log in every user principal once; their cookie and CSRF token serve all their cases.
  const sessions = new Map<string, { cookie: string; csrf: string } | string>();
  for (const [position, principal] of file.principals.entries()) {
    if (!('email' in principal.credential)) continue;
    const answer = await request(
      {
        host: 'api',
        method: 'POST',
        path: '/sessions',
        body: { kind: 'json', contentType: 'application/json', text: JSON.stringify(principal.credential) },
      },
      {},
    );
    const cookie = /c3d_session_v5=([^;]+)/.exec(answer.headers['set-cookie'] ?? '')?.[1];
    const csrf = (answer.body as { csrf?: string } | undefined)?.csrf;
    const ok = answer.status === 200 && cookie && csrf;
    sessions.set(
      principal.name,
      ok ? { cookie, csrf } : `login failed: ${isNoAnswer(answer) ? answer.text : `got ${answer.status}`}`,
    );
    if (ok) {
      secrets.add(
        cookie,
        'token',
        'C3D_SESSION',
        `the c3d_session_v5 cookie of a login as ${principal.name} (POST /v0/sessions with its email and password)`,
      );
      secrets.add(csrf, 'token', 'C3D_CSRF', `the csrf of the answer to that login as ${principal.name}`);
    }
    if (!inShard(options.shard, position)) continue;
    record(
      {
        group: 'credentials',
        rule: 'credentials.login',
        title: `log in as ${principal.name}`,
        operationId: 'createLoginSession',
        principal: principal.name,
        outcome: ok ? 'passed' : 'failed',
        expected: '200 with a c3d_session_v5 cookie and a csrf token',
        status: answer.status,
        contentType: answer.headers['content-type'],
        message: ok ? undefined : isNoAnswer(answer) ? answer.text : `got ${answer.status} ${bodyHead(answer.text)}`,
        proves: ok ? provenBy(byId.get('createLoginSession')!, answer, 'allowed') : undefined,
      },
      answer,
    );
  }

  const credentialHeaders = (
    principalName: string,
    withoutCsrf: boolean,
    method: string,
  ): Record<string, string> | string => {
    const principal = file.principals.find((p) => p.name === principalName)!;
    if ('authorization' in principal.credential) return { authorization: principal.credential.authorization };
    const session = sessions.get(principalName)!;
    if (typeof session === 'string') return session;
    return {
      cookie: `c3d_session_v5=${session.cookie}`,
      ...(method !== 'GET' && !withoutCsrf ? { 'c3d-csrf': session.csrf } : {}),
    };
  };

  const paged = pagedOperations(Object.values(bundledDocuments));
  /**
   * Checks an answer against the documents (status, content type, body, declared headers) and, for a page, its
   * pagination. With no answer there is nothing to judge: skipped when the request's own check reports the failure, else failed.
   */
  const checkSchema = (
    operation: CompiledOperation,
    answer: Answer,
    title: string,
    principal?: string,
    onNoAnswer: 'skipped' | 'failed' = 'skipped',
  ) => {
    if (isNoAnswer(answer)) {
      record(
        {
          group: 'schema',
          rule: 'schema.conformance',
          title,
          operationId: operation.operationId,
          principal,
          outcome: onNoAnswer,
          expected: 'an answer the documents list',
          message: answer.text,
        },
        answer,
      );
      return;
    }
    const mismatch = responseMismatch(
      operation,
      answer.status,
      answer.headers['content-type'],
      answer.text,
      (name) => answer.headers[name],
    );
    record(
      {
        group: mismatch?.rule.startsWith('content-types') ? 'content-types' : 'schema',
        rule: mismatch?.rule ?? 'schema.conformance',
        title,
        operationId: operation.operationId,
        principal,
        outcome: mismatch ? 'failed' : 'passed',
        expected: 'an answer the documents list',
        status: answer.status,
        contentType: answer.headers['content-type'],
        bodyHead: mismatch ? bodyHead(answer.text) : undefined,
        message: mismatch?.message,
      },
      answer,
    );
    checkPage(operation, answer, title, principal);
  };

  /** A page answered must agree with itself and with the page asked (the schema check judges its shape). */
  const checkPage = (operation: CompiledOperation, answer: Answer, title: string, principal?: string) => {
    const paging = paged.get(operation.operationId);
    const sent = sentFor.get(answer);
    const page = asPage(answer.body);
    const asked = paging && sent && askedPage(sent.spec, paging);
    if (answer.status !== 200 || !page || !asked) return;
    const problems = pageProblems(page, asked);
    record(
      {
        group: 'pagination',
        rule: 'pagination.consistent',
        title,
        operationId: operation.operationId,
        principal,
        outcome: problems.length ? 'failed' : 'passed',
        expected: `page ${asked.page} of ${asked.limit} records, agreeing with count, pages and currentPage`,
        status: answer.status,
        contentType: answer.headers['content-type'],
        bodyHead: problems.length ? bodyHead(answer.text) : undefined,
        message: problems.length ? problems.join('; ') : undefined,
      },
      answer,
    );
  };

  // `--only schema` sends the cases of every group that change nothing, and reports only the schema checks of their answers.
  const schemaOnly = (group: string) => !wanted(group) && wanted('schema');
  const allCases: ContractCase[] = [
    ...(wanted('credentials') || schemaOnly('credentials') ? credentialCases(context) : []),
    ...(wanted('roles') || schemaOnly('roles') ? roleCases(context) : []),
    ...(wanted('content-types') || schemaOnly('content-types') ? contentTypeCases(context) : []),
  ].filter(
    (contractCase) => wanted(contractCase.group) || (!changesState(contractCase.operation) && !contractCase.writes),
  );
  const cases = allCases.filter((_, position) => inShard(options.shard, position));
  for (const contractCase of cases) {
    const { operation } = contractCase;
    const base = {
      group: contractCase.group,
      rule: contractCase.rule,
      title: contractCase.title,
      operationId: operation.operationId,
      principal: contractCase.principal,
      expected: contractCase.expect.statuses.join(' or '),
    };
    if (options.readOnly && (changesState(operation) || contractCase.writes)) continue;
    const reported = wanted(contractCase.group);
    try {
      let headers: Record<string, string> | string = {};
      if ('principal' in contractCase.caller)
        headers = credentialHeaders(
          contractCase.caller.principal,
          contractCase.caller.withoutCsrf ?? false,
          contractCase.request.method,
        );
      else if ('authorization' in contractCase.caller) headers = { authorization: contractCase.caller.authorization };
      if (typeof headers === 'string') {
        record({ ...base, outcome: 'failed', message: headers });
        continue;
      }
      const answer = await request(contractCase.request, headers);
      const answered = !isNoAnswer(answer);
      const passed = answered && statusMatches(contractCase.expect.statuses, answer.status);
      if (reported) {
        record(
          {
            ...base,
            outcome: passed ? 'passed' : 'failed',
            status: answered ? answer.status : undefined,
            contentType: answer.headers['content-type'],
            bodyHead: passed || !answered ? undefined : bodyHead(answer.text),
            message: passed ? undefined : answered ? `expected ${base.expected}, got ${answer.status}` : answer.text,
            proves: passed ? provenBy(operation, answer, contractCase.expect.proves) : undefined,
          },
          answer,
        );
      }
      checkSchema(operation, answer, contractCase.title, contractCase.principal, reported ? 'skipped' : 'failed');
      if (contractCase.mustNotContain && reported) {
        const leaked = contractCase.mustNotContain.filter((value) => answer.text.includes(value));
        record(
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
    } catch (error) {
      record({
        ...base,
        outcome: 'failed',
        message: `the suite could not run this check: ${(error as Error).message}`,
      });
    }
  }

  const leftOnTarget: string[] = [];
  if (wanted('flows') && !options.readOnly) {
    if (runsFlows(options.shard)) for (const flow of flows(file, byId)) await runFlow(flow);
  }

  // Walk every page of one list per paginated operation, after the flows have added to the lists.
  if (wanted('pagination')) {
    const walks = runsFlows(options.shard) ? walkPlans(context, paged) : [];
    for (const plan of walks) {
      const base = {
        group: 'pagination',
        rule: 'pagination.walk',
        operationId: plan.operation.operationId,
        principal: plan.principal,
        expected: 'every page consistent, and count distinct records over all pages',
      };
      const title = `walk every page of ${plan.operation.operationId} as ${plan.principal}`;
      const headers = credentialHeaders(plan.principal, false, plan.request.method);
      if (typeof headers === 'string') {
        record({ ...base, title, outcome: 'failed', message: headers });
        continue;
      }
      let last: Answer | undefined;
      const outcome = await walkPages(plan, async (spec) => {
        last = await request(spec, headers);
        checkSchema(plan.operation, last, `${title}: ${spec.method} ${spec.path}`, plan.principal);
        return last;
      });
      record(
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

  // End every login session the run opened, so that the target keeps none of them.
  for (const [position, principal] of file.principals.entries()) {
    const session = sessions.get(principal.name);
    if (typeof session !== 'object') continue;
    const answer = await request(
      { host: 'api', method: 'DELETE', path: '/sessions/current' },
      { cookie: `c3d_session_v5=${session.cookie}`, 'c3d-csrf': session.csrf },
    );
    if (!inShard(options.shard, position)) continue;
    const ended = answer.status === 200 || answer.status === 204;
    record(
      {
        group: 'credentials',
        rule: 'credentials.logout',
        title: `log out as ${principal.name}`,
        operationId: 'deleteCurrentLoginSession',
        principal: principal.name,
        outcome: ended ? 'passed' : 'failed',
        expected: '200 or 204: the login session ends',
        status: answer.status,
        contentType: answer.headers['content-type'],
        bodyHead: ended ? undefined : bodyHead(answer.text),
        message: ended
          ? undefined
          : `${isNoAnswer(answer) ? answer.text : `got ${answer.status}`}: the login session of ${principal.name} may be left open on the target`,
        proves: ended ? provenBy(byId.get('deleteCurrentLoginSession')!, answer, 'allowed') : undefined,
      },
      answer,
    );
    checkSchema(byId.get('deleteCurrentLoginSession')!, answer, `log out as ${principal.name}`, principal.name);
  }

  async function runFlow(flow: Flow) {
    const state: Record<string, unknown> = {};
    const first = results.length;
    await runSteps(flow, state);
    const left = flow.leaves?.(state);
    if (left) leftOnTarget.push(left);
    for (const step of flow.steps.filter((s) => s.cleanup)) {
      const failed = results
        .slice(first)
        .find((r) => r.outcome === 'failed' && r.rule === step.rule && r.title === `${flow.name}: ${step.title}`);
      if (failed)
        leftOnTarget.push(
          `what the ${flow.name} flow made, maybe: its cleanup step "${step.title}" failed (${failed.message ?? `status ${failed.status}`})`,
        );
    }
  }

  async function runSteps(flow: Flow, state: Record<string, unknown>) {
    let broken: string | undefined;
    for (const step of flow.steps) {
      const operation = byId.get(step.operationId)!;
      const base = {
        group: 'flows',
        rule: step.rule,
        title: `${flow.name}: ${step.title}`,
        operationId: step.operationId,
        principal: step.principal,
        expected: 'see the step',
      };
      if (broken && !step.cleanup) {
        record({ ...base, outcome: 'skipped', message: `an earlier step failed: ${broken}` });
        continue;
      }
      const headersFor = (method: string) =>
        step.headers ? step.headers(state) : step.principal ? credentialHeaders(step.principal, false, method) : {};
      const unusable = headersFor('GET');
      if (typeof unusable === 'string') {
        broken = unusable;
        record({ ...base, outcome: 'failed', message: unusable });
        continue;
      }
      const sendStep = (spec: RequestSpec) => request(spec, headersFor(spec.method) as Record<string, string>);
      let answer: Answer | undefined;
      let problem: string | undefined;
      try {
        answer = step.request
          ? await sendStep(step.request(state))
          : await sendThroughClients(step.call, state, sendStep);
        // A step is judged only on what came back: nothing, or no answer at all, fails it.
        problem = !answer ? 'the step sent no request' : isNoAnswer(answer) ? answer.text : step.check(answer, state);
      } catch (error) {
        problem = `the step could not run: ${(error as Error).message}`;
      }
      if (problem) broken ??= step.title;
      const answered = answer && !isNoAnswer(answer) ? answer : undefined;
      record(
        {
          ...base,
          outcome: problem ? 'failed' : 'passed',
          status: answered?.status,
          contentType: answered?.headers['content-type'],
          bodyHead: problem && answered ? bodyHead(answered.text) : undefined,
          message: problem,
          proves:
            problem || !answered || operation.access === 'read' ? undefined : provenBy(operation, answered, 'allowed'),
        },
        answer,
      );
      if (answer) checkSchema(operation, answer, `${flow.name}: ${step.title}`, step.principal);
    }
  }

  return { ...summarize(results), leftOnTarget: [...leftOnTarget, ...leftByEveryRun(results, file)] };
}

/** The summary per group, the coverage and the failure count of a set of results (one run's, or shards' merged). */
export function summarize(results: CaseResult[]): Omit<SuiteReport, 'leftOnTarget'> {
  const operations = allOperations();
  const summary: SuiteReport['summary'] = {};
  for (const result of results) {
    const entry = (summary[result.group] ??= { passed: 0, failed: 0, skipped: 0 });
    entry[result.outcome]++;
  }
  const proven = new Map<string, Set<string>>();
  const servedBeyondNotFound = new Set<string>();
  for (const result of results) {
    if (!result.proves) continue;
    (proven.get(result.operationId) ?? proven.set(result.operationId, new Set()).get(result.operationId)!).add(
      result.proves,
    );
    if (!isNotFoundOrNotAllowed(result.status)) servedBeyondNotFound.add(result.operationId);
  }
  // Public operations keep nobody out; being let through is all they can show. An operation proven by 404s
  // and 405s alone is not shown to be served: a server answers those for any path it does not know.
  const isCovered = (operation: CompiledOperation) => {
    const shown = proven.get(operation.operationId);
    return (
      !!shown?.has('allowed') &&
      (shown.has('denied') || operation.credentialKinds.size === 0) &&
      servedBeyondNotFound.has(operation.operationId)
    );
  };
  const missing = operations.filter((operation) => !isCovered(operation)).map((operation) => operation.operationId);
  return {
    results,
    summary,
    coverage: { covered: operations.length - missing.length, total: operations.length, missing },
    failed: results.filter((result) => result.outcome === 'failed').length,
  };
}
