import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, CaseResult } from '../../src/contract/model.ts';
import { allOperations } from '../../src/contract/operations.ts';
import { loadPrincipals } from '../../src/contract/principals.ts';
import { answeredAsRouted } from '../../src/contract/routed.ts';
import { runSuite, summarize } from '../../src/contract/run.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';

/** Coverage counts an operation only when the target answered it as the documents say a served route answers. */

const getProject = allOperations().find((op) => op.operationId === 'getProject')!;
const answer = (status: number, contentType: string | undefined, text: string): Answer => {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return {
    status,
    headers: contentType ? { 'content-type': contentType } : {},
    bytes: new TextEncoder().encode(text),
    text,
    body,
  };
};

describe('an answer shows the operation was served', () => {
  it('when the documents list its status and content type, and a 404 or 405 carries their error body', () => {
    expect(answeredAsRouted(getProject, answer(200, 'application/json; charset=utf-8', '{"id":1001}'))).toBe(true);
    expect(answeredAsRouted(getProject, answer(401, 'application/json', '{"code":401,"message":"no"}'))).toBe(true);
    expect(answeredAsRouted(getProject, answer(404, 'application/json', '{"code":404,"message":"Not found"}'))).toBe(
      true,
    );
  });

  it('not when nothing answered, the status or content type is not listed, or a 404 is a plain page', () => {
    expect(
      answeredAsRouted(
        getProject,
        answer(0, undefined, 'no answer: ECONNREFUSED (GET http://127.0.0.1:9/v0/projects/1001)'),
      ),
    ).toBe(false);
    expect(answeredAsRouted(getProject, answer(418, 'application/json', '{"code":418,"message":"teapot"}'))).toBe(
      false,
    );
    expect(answeredAsRouted(getProject, answer(200, 'text/html', '<html></html>'))).toBe(false);
    expect(answeredAsRouted(getProject, answer(404, 'application/json', '{"error":"Cannot GET /projects/1001"}'))).toBe(
      false,
    );
    expect(answeredAsRouted(getProject, answer(404, 'text/html', '<h1>Not Found</h1>'))).toBe(false);
  });
});

describe('an operation is covered', () => {
  const result = (proves: 'allowed' | 'denied', status: number): CaseResult => ({
    group: 'roles',
    rule: 'roles.allowed',
    title: 't',
    operationId: 'deleteWidget',
    outcome: 'passed',
    expected: '404',
    status,
    proves,
  });

  it('not when 404s alone prove it, which any server gives for a path it does not serve', () => {
    expect(summarize([result('allowed', 404), result('denied', 404)]).coverage.missing).toContain('deleteWidget');
    expect(
      summarize([result('allowed', 404), result('denied', 404), result('denied', 401)]).coverage.missing,
    ).not.toContain('deleteWidget');
  });
});

describe('a base URL without /v0, run without the preflight', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, dataPort: 0 });
  });
  afterAll(() => server.close());

  it("covers none of that host's operations, whatever its answers", async () => {
    const file = await loadPrincipals('fixtures/default.principals.json');
    const report = await runSuite({
      file,
      api: server.urls.api.replace(/\/v0$/, ''),
      data: server.urls.data,
      readOnly: true,
    });
    const apiOperations = allOperations()
      .filter((op) => op.host === 'api')
      .map((op) => op.operationId);
    expect(apiOperations.filter((id) => !report.coverage.missing.includes(id))).toEqual([]);
    expect(report.coverage.covered).toBeGreaterThan(0);
  }, 120_000);
});
