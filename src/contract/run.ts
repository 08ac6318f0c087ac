import type { CompiledOperation } from '../spec/compile.ts';
import { bundledDocuments } from '../spec/load.ts';
import { Aimer } from './aim.ts';
import { contentTypeCases } from './cases/content-types.ts';
import type { CaseContext } from './cases/context.ts';
import { credentialCases } from './cases/credentials.ts';
import { flows, leftByEveryRun } from './cases/flows/index.ts';
import { roleCases } from './cases/roles.ts';
import type { CaseResult, ContractCase, RequestSpec } from './model.ts';
import { allOperations } from './operations.ts';
import type { PreflightResult } from './preflight.ts';
import type { PrincipalsFile } from './principals.ts';
import { isNotFoundOrNotAllowed } from './routed.ts';
import { changesState, runCase } from './run-case.ts';
import { runFlow } from './run-flow.ts';
import { walkLists } from './run-walks.ts';
import { inShard, runsFlows, type Shard } from './shard.ts';
import { SuiteRun } from './suite-run.ts';

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

const wants = (options: SuiteOptions, group: string) => !options.only || options.only.includes(group);

/** Runs the contract suite against a target and answers every result, the summary per group and the coverage. */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const { file } = options;
  const operations = allOperations();
  const run = new SuiteRun(options, new Map(operations.map((operation) => [operation.operationId, operation])));
  const context: CaseContext = {
    file,
    operations,
    aimer: new Aimer(bundledDocuments),
    strict: options.strict ?? false,
  };
  const wanted = (group: string) => wants(options, group);

  await run.logIn();
  for (const contractCase of selectedCases(context, options)) {
    if (options.readOnly && (changesState(contractCase.operation) || contractCase.writes)) continue;
    await runCase(run, contractCase, wanted(contractCase.group));
  }
  if (wanted('flows') && !options.readOnly) {
    if (runsFlows(options.shard)) for (const flow of flows(file, run.byId)) await runFlow(run, flow);
  }
  // Walk every page of one list per paginated operation, after the flows have added to the lists.
  if (wanted('pagination') && runsFlows(options.shard)) await walkLists(run, context);
  await run.logOut();

  return { ...summarize(run.results), leftOnTarget: [...run.leftOnTarget, ...leftByEveryRun(run.results, file)] };
}

/** The cases of the groups asked for, in the suite's fixed order, and of them the shard's share. */
function selectedCases(context: CaseContext, options: SuiteOptions): ContractCase[] {
  const wanted = (group: string) => wants(options, group);
  // `--only schema` sends the cases of every group that change nothing, and reports only the schema checks of their answers.
  const schemaOnly = (group: string) => !wanted(group) && wanted('schema');
  const allCases: ContractCase[] = [
    ...(wanted('credentials') || schemaOnly('credentials') ? credentialCases(context) : []),
    ...(wanted('roles') || schemaOnly('roles') ? roleCases(context) : []),
    ...(wanted('content-types') || schemaOnly('content-types') ? contentTypeCases(context) : []),
  ].filter(
    (contractCase) => wanted(contractCase.group) || (!changesState(contractCase.operation) && !contractCase.writes),
  );
  return allCases.filter((_, position) => inShard(options.shard, position));
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
    const proofs = proven.get(result.operationId);
    if (proofs) proofs.add(result.proves);
    else proven.set(result.operationId, new Set([result.proves]));
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
