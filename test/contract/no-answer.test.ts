import { describe, expect, it } from 'vitest';
import { exitStatus } from '../../src/contract/cli.ts';
import { sendThroughClients } from '../../src/contract/flow-clients.ts';
import { noAnswer } from '../../src/contract/http.ts';
import type { Answer, RequestSpec } from '../../src/contract/model.ts';
import { loadPrincipals } from '../../src/contract/principals.ts';
import { junitReport } from '../../src/contract/reports/junit.ts';
import { jsonReport } from '../../src/contract/reports/json.ts';
import { runSuite } from '../../src/contract/run.ts';
import { startServer } from '../../src/server/server.ts';
import { operationCount } from '../support/documents.ts';

/** No check passes on a request nothing answered, and a target that goes away never stops the run. */

describe('a target that stops answering mid-run', () => {
  it('gives "no answer" failures naming the URL, passes nothing after it, and the reports hold every result', async () => {
    const server = await startServer({ port: 0, dataPort: 0 });
    const file = await loadPrincipals('fixtures/default.principals.json');
    let sent = 0;
    let closing: Promise<void> | undefined;
    const stopAfter = 2000;
    let resultsWhenStopped = 0;
    const report = await runSuite({
      file,
      api: server.urls.api,
      data: server.urls.data,
      onRequest: () => {
        if (++sent === stopAfter) closing = server.close();
      },
      onResult: () => {
        if (!closing) resultsWhenStopped++;
      },
    });
    await closing;

    const after = report.results.slice(resultsWhenStopped + 10);
    expect(after.length).toBeGreaterThan(1000);
    expect(after.filter((result) => result.outcome === 'passed')).toEqual([]);
    const unanswered = after.filter(
      (result) => result.outcome === 'failed' && result.message?.startsWith('no answer: '),
    );
    expect(unanswered.length).toBeGreaterThan(1000);
    // The logouts at the end add what the lost answer means: the login session may be left open.
    for (const result of unanswered)
      expect(result.message).toMatch(
        /^no answer: (ECONNREFUSED|ECONNRESET|socket hang up) \((GET|POST|PUT|DELETE) http:\/\/127\.0\.0\.1:\d+\/v0\/\S*\)(: the login session of \S+ may be left open on the target)?$/,
      );
    // A leak check on no answer is not made: it neither passes nor fails.
    const leakChecks = after.filter((result) => result.rule === 'roles.cross-tenant-leak');
    expect(leakChecks.length).toBeGreaterThan(100);
    expect(new Set(leakChecks.map((result) => result.outcome))).toEqual(new Set(['skipped']));
    // Nothing is covered that was not answered: the coverage is what the first requests showed.
    expect(report.coverage.covered).toBeLessThan(report.coverage.total);

    expect(report.failed).toBe(report.results.filter((result) => result.outcome === 'failed').length);
    expect(exitStatus(report)).toBe(1);
    expect(junitReport(report)).toContain(
      `<testsuites name="c3d-mock contract suite" tests="${report.results.length}" failures="${report.failed}">`,
    );
    expect(JSON.parse(jsonReport(report, {})).results).toHaveLength(report.results.length);
  }, 120_000);
});

describe('a flow step sent through the typed clients', () => {
  const spec: RequestSpec = { host: 'api', method: 'POST', path: '/projects/1001/media' };

  it('answers the no-answer of its request instead of handing status 0 to the client', async () => {
    const unanswered = noAnswer(
      'http://127.0.0.1:9/v0',
      spec,
      Object.assign(new Error('ECONNREFUSED: Connection refused')),
    );
    const answer = await sendThroughClients(
      ({ api }) =>
        api.POST('/projects/{projectId}/media', {
          params: { path: { projectId: 1001 } },
          body: { name: 'x', description: 'x', staticMedia: true },
        }),
      {},
      async () => unanswered,
    );
    expect(answer).toBe(unanswered);
    expect(answer!.text).toBe('no answer: ECONNREFUSED (POST http://127.0.0.1:9/v0/projects/1001/media)');
  });

  it('throws an error of the step itself to the runner', async () => {
    const ok: Answer = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      bytes: new TextEncoder().encode('{}'),
      text: '{}',
      body: {},
    };
    await expect(
      sendThroughClients(
        async () => {
          throw new Error('the step broke');
        },
        {},
        async () => ok,
      ),
    ).rejects.toThrow('the step broke');
  });
});

describe('the exit status', () => {
  const report = (outcomes: ('passed' | 'failed' | 'skipped')[], preflightPassed?: boolean) => ({
    results: outcomes.map((outcome) => ({
      group: 'roles',
      rule: 'roles.allowed',
      title: 't',
      operationId: 'getProject',
      outcome,
      expected: '2xx',
    })),
    summary: {},
    coverage: { covered: 0, total: operationCount, missing: [] },
    failed: outcomes.filter((outcome) => outcome === 'failed').length,
    leftOnTarget: [],
    ...(preflightPassed === undefined
      ? {}
      : { preflight: { passed: preflightPassed, problems: preflightPassed ? [] : ['x'], notes: [] } }),
  });

  it('is 0 when every check passed, 1 when one failed, 2 when the preflight failed or no check was made', () => {
    expect(exitStatus(report(['passed', 'skipped'], true))).toBe(0);
    expect(exitStatus(report(['passed', 'failed']))).toBe(1);
    expect(exitStatus(report([], false))).toBe(2);
    expect(exitStatus(report(['skipped']))).toBe(2);
    expect(exitStatus(report([]))).toBe(2);
  });
});
