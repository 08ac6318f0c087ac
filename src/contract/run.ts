import { compileOperations, type CompiledOperation } from '../spec/compile.ts';
import { responseMismatch } from '../spec/conformance.ts';
import { bundledDocuments } from '../spec/load.ts';
import { Aimer } from './aim.ts';
import { contentTypeCases } from './cases/content-types.ts';
import type { CaseContext } from './cases/context.ts';
import { credentialCases } from './cases/credentials.ts';
import { flows, type Flow } from './cases/flows.ts';
import { sendThroughClients } from './flow-clients.ts';
import { roleCases } from './cases/roles.ts';
import { bodyHead, send } from './http.ts';
import type { Answer, CaseResult, ContractCase, RequestSpec } from './model.ts';
import type { PrincipalsFile } from './principals.ts';

export interface SuiteOptions {
  file: PrincipalsFile;
  api: string;
  data: string;
  readOnly?: boolean;
  strict?: boolean;
  /** Only these rule groups (credentials, roles, content-types, flows); schema checks ride along with every answer. */
  only?: string[];
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
}

export const groups = ['credentials', 'roles', 'content-types', 'flows'] as const;

let compiled: CompiledOperation[] | undefined;
const allOperations = () => (compiled ??= [...compileOperations(bundledDocuments.api, 'api'), ...compileOperations(bundledDocuments.data, 'data')]);

/** GETs and the query POSTs (access read) change nothing; everything else may. */
const changesState = (operation: CompiledOperation) => operation.method !== 'get' && operation.access !== 'read';

const statusMatches = (expected: (number | '2xx')[], status: number) => expected.some((e) => (e === '2xx' ? status >= 200 && status < 300 : e === status));

/** Runs the contract suite against a target and answers every result, the summary per group and the coverage. */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const { file } = options;
  const operations = allOperations();
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  const context: CaseContext = { file, operations, aimer: new Aimer(bundledDocuments), strict: options.strict ?? false };
  const wanted = (group: string) => !options.only || options.only.includes(group);
  const bases = { api: options.api, data: options.data };
  const results: CaseResult[] = [];
  const record = (result: CaseResult) => {
    results.push(result);
    options.onResult?.(result);
  };

  /** Sends a request; a connection failure is answered as status 0 with its reason, so one bad request never stops the run. */
  const request = async (spec: RequestSpec, headers: Record<string, string>): Promise<Answer> => {
    options.onRequest?.(spec);
    try {
      return await send(bases[spec.host], spec, headers);
    } catch (error) {
      const text = `request failed: ${(error as Error).message}`;
      return { status: 0, headers: {}, bytes: new TextEncoder().encode(text), text };
    }
  };

  // Log in every user principal once; their cookie and CSRF token serve all their cases.
  const sessions = new Map<string, { cookie: string; csrf: string } | string>();
  for (const principal of file.principals) {
    if (!('email' in principal.credential)) continue;
    const answer = await request({ host: 'api', method: 'POST', path: '/sessions', body: { kind: 'json', contentType: 'application/json', text: JSON.stringify(principal.credential) } }, {});
    const cookie = /c3d_session_v5=([^;]+)/.exec(answer.headers['set-cookie'] ?? '')?.[1];
    const csrf = (answer.body as { csrf?: string } | undefined)?.csrf;
    const ok = answer.status === 200 && cookie && csrf;
    sessions.set(principal.name, ok ? { cookie, csrf } : `login failed with ${answer.status}`);
    record({
      group: 'credentials',
      rule: 'credentials.login',
      title: `log in as ${principal.name}`,
      operationId: 'createLoginSession',
      principal: principal.name,
      outcome: ok ? 'passed' : 'failed',
      expected: '200 with a c3d_session_v5 cookie and a csrf token',
      status: answer.status,
      contentType: answer.headers['content-type'],
      message: ok ? undefined : `got ${answer.status} ${bodyHead(answer.text)}`,
      proves: ok ? 'allowed' : undefined,
    });
  }

  const credentialHeaders = (principalName: string, withoutCsrf: boolean, method: string): Record<string, string> | string => {
    const principal = file.principals.find((p) => p.name === principalName)!;
    if ('authorization' in principal.credential) return { authorization: principal.credential.authorization };
    const session = sessions.get(principalName)!;
    if (typeof session === 'string') return session;
    return { cookie: `c3d_session_v5=${session.cookie}`, ...(method !== 'GET' && !withoutCsrf ? { 'c3d-csrf': session.csrf } : {}) };
  };

  const checkSchema = (operation: CompiledOperation, answer: Answer, title: string, principal?: string) => {
    const mismatch = responseMismatch(operation, answer.status, answer.headers['content-type'], answer.text);
    record({
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
    });
  };

  const cases: ContractCase[] = [
    ...(wanted('credentials') ? credentialCases(context) : []),
    ...(wanted('roles') ? roleCases(context) : []),
    ...(wanted('content-types') ? contentTypeCases(context) : []),
  ];
  for (const contractCase of cases) {
    const { operation } = contractCase;
    const base = { group: contractCase.group, rule: contractCase.rule, title: contractCase.title, operationId: operation.operationId, principal: contractCase.principal, expected: contractCase.expect.statuses.join(' or ') };
    if (options.readOnly && (changesState(operation) || contractCase.writes)) continue;
    let headers: Record<string, string> | string = {};
    if ('principal' in contractCase.caller) headers = credentialHeaders(contractCase.caller.principal, contractCase.caller.withoutCsrf ?? false, contractCase.request.method);
    else if ('authorization' in contractCase.caller) headers = { authorization: contractCase.caller.authorization };
    if (typeof headers === 'string') {
      record({ ...base, outcome: 'failed', message: headers });
      continue;
    }
    const answer = await request(contractCase.request, headers);
    const passed = statusMatches(contractCase.expect.statuses, answer.status);
    record({
      ...base,
      outcome: passed ? 'passed' : 'failed',
      status: answer.status,
      contentType: answer.headers['content-type'],
      bodyHead: passed ? undefined : bodyHead(answer.text),
      message: passed ? undefined : `expected ${base.expected}, got ${answer.status}`,
      proves: passed ? contractCase.expect.proves : undefined,
    });
    checkSchema(operation, answer, contractCase.title, contractCase.principal);
    if (contractCase.mustNotContain) {
      const leaked = contractCase.mustNotContain.filter((value) => answer.text.includes(value));
      record({
        ...base,
        rule: 'roles.cross-tenant-leak',
        expected: "an answer holding nothing of the other tenant",
        outcome: leaked.length ? 'failed' : 'passed',
        status: answer.status,
        bodyHead: leaked.length ? bodyHead(answer.text) : undefined,
        message: leaked.length ? `the answer holds the other tenant's ${leaked.join(', ')}` : undefined,
      });
    }
  }

  if (wanted('flows') && !options.readOnly) {
    for (const flow of flows(file, byId)) await runFlow(flow);
  }

  async function runFlow(flow: Flow) {
    const state: Record<string, unknown> = {};
    let broken: string | undefined;
    for (const step of flow.steps) {
      const operation = byId.get(step.operationId)!;
      const base = { group: 'flows', rule: step.rule, title: `${flow.name}: ${step.title}`, operationId: step.operationId, principal: step.principal, expected: 'see the step' };
      if (broken && !step.cleanup) {
        record({ ...base, outcome: 'skipped', message: `an earlier step failed: ${broken}` });
        continue;
      }
      const headersFor = (method: string) => (step.headers ? step.headers(state) : step.principal ? credentialHeaders(step.principal, false, method) : {});
      const unusable = headersFor('GET');
      if (typeof unusable === 'string') {
        broken = unusable;
        record({ ...base, outcome: 'failed', message: unusable });
        continue;
      }
      const sendStep = (spec: RequestSpec) => request(spec, headersFor(spec.method) as Record<string, string>);
      const answer = step.request ? await sendStep(step.request(state)) : await sendThroughClients(step.call, state, sendStep);
      if (!answer) {
        broken ??= step.title;
        record({ ...base, outcome: 'failed', message: 'the step sent no request' });
        continue;
      }
      const problem = step.check(answer, state);
      if (problem) broken ??= step.title;
      record({
        ...base,
        outcome: problem ? 'failed' : 'passed',
        status: answer.status,
        contentType: answer.headers['content-type'],
        bodyHead: problem ? bodyHead(answer.text) : undefined,
        message: problem,
        proves: problem ? undefined : operation.access === 'read' ? undefined : 'allowed',
      });
      checkSchema(operation, answer, `${flow.name}: ${step.title}`, step.principal);
    }
  }

  const summary: SuiteReport['summary'] = {};
  for (const result of results) {
    const entry = (summary[result.group] ??= { passed: 0, failed: 0, skipped: 0 });
    entry[result.outcome]++;
  }
  const proven = new Map<string, Set<string>>();
  for (const result of results) if (result.proves) (proven.get(result.operationId) ?? proven.set(result.operationId, new Set()).get(result.operationId)!).add(result.proves);
  // Public operations keep nobody out; being let through is all they can show.
  const isCovered = (operation: CompiledOperation) => {
    const shown = proven.get(operation.operationId);
    return !!shown?.has('allowed') && (shown.has('denied') || operation.credentialKinds.size === 0);
  };
  const missing = operations.filter((operation) => !isCovered(operation)).map((operation) => operation.operationId);
  return {
    results,
    summary,
    coverage: { covered: operations.length - missing.length, total: operations.length, missing },
    failed: results.filter((result) => result.outcome === 'failed').length,
  };
}
