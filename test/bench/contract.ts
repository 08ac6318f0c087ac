/** The contract suite of `npm run bench`: the whole suite (default principals) against a running mock, timed. */
import { loadPrincipals } from '../../src/contract/principals.ts';
import { runSuite } from '../../src/contract/run.ts';

export interface SuiteTiming {
  seconds: number;
  checks: number;
  failed: number;
}

export async function timeContractSuite(api: string, data: string): Promise<SuiteTiming> {
  const file = await loadPrincipals('fixtures/default.principals.json');
  const started = performance.now();
  const report = await runSuite({ file, api, data });
  return {
    seconds: +((performance.now() - started) / 1000).toFixed(1),
    checks: report.results.length,
    failed: report.failed,
  };
}
