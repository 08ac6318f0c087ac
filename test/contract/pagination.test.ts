import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, RequestSpec } from '../../src/contract/model.ts';
import {
  askedPage,
  pagedOperations,
  pageProblems,
  walkPages,
  withPage,
  type WalkPlan,
} from '../../src/contract/pagination.ts';
import { loadPrincipals, type PrincipalsFile } from '../../src/contract/principals.ts';
import { runSuite } from '../../src/contract/run.ts';
import { responseMismatch } from '../../src/spec/conformance.ts';
import { compileOperations } from '../../src/spec/compile.ts';
import { bundledDocuments } from '../../src/spec/load.ts';
import { startServer } from '../../src/server/server.ts';

const page = (count: number, pages: number, currentPage: number, held: number) => ({
  count,
  pages,
  currentPage,
  results: Array.from({ length: held }, (_, i) => ({ id: i })),
});

describe('the paginated operations, read from the documents', () => {
  it('are the answers shaped as the Page envelope, with where each takes its page and page size', () => {
    const paged = pagedOperations(Object.values(bundledDocuments));
    expect(Object.fromEntries(paged)).toEqual({
      listOrganizationAuditLog: { in: 'query', defaultLimit: 25, maximumLimit: 100 },
      querySessions: { in: 'body', defaultLimit: 10, maximumLimit: 100 },
      listQuestionSetResponses: { in: 'query', defaultLimit: 1000, maximumLimit: 1000 },
    });
  });

  it('read the page asked from the query or the body, the documented defaults filling the rest', () => {
    const query = { in: 'query' as const, defaultLimit: 25 };
    const body = { in: 'body' as const, defaultLimit: 10 };
    expect(askedPage({ host: 'api', method: 'GET', path: '/organizations/101/auditLog' }, query)).toEqual({
      page: 0,
      limit: 25,
    });
    expect(
      askedPage({ host: 'api', method: 'GET', path: '/organizations/101/auditLog?page=2&limit=3' }, query),
    ).toEqual({ page: 2, limit: 3 });
    const sessions: RequestSpec = {
      host: 'api',
      method: 'POST',
      path: '/datasets/sessions/paginatedListQueries',
      body: { kind: 'json', contentType: 'application/json', text: '{"entityFilters":{"projectId":1001},"page":1}' },
    };
    expect(askedPage(sessions, body)).toEqual({ page: 1, limit: 10 });
    expect(askedPage(withPage(sessions, body, { page: 4, limit: 2 }), body)).toEqual({ page: 4, limit: 2 });
    expect(JSON.parse((withPage(sessions, body, { page: 4, limit: 2 }).body as { text: string }).text)).toEqual({
      entityFilters: { projectId: 1001 },
      page: 4,
      limit: 2,
    });
    // A page size the documents refuse (the answer is then a 400, not a page) is not judged as one.
    expect(
      askedPage({ host: 'api', method: 'GET', path: '/organizations/101/auditLog?limit=0' }, query),
    ).toBeUndefined();
  });
});

describe('a page agrees with itself and with the page asked', () => {
  it('full pages before the last, the rest of count on the last, nothing past it', () => {
    expect(pageProblems(page(7, 3, 0, 3), { page: 0, limit: 3 })).toEqual([]);
    expect(pageProblems(page(7, 3, 2, 1), { page: 2, limit: 3 })).toEqual([]);
    expect(pageProblems(page(7, 3, 3, 0), { page: 3, limit: 3 })).toEqual([]);
    expect(pageProblems(page(0, 0, 0, 0), { page: 0, limit: 25 })).toEqual([]);
  });

  it('names each disagreement', () => {
    expect(pageProblems(page(7, 3, 0, 4), { page: 0, limit: 3 })).toEqual([
      'results holds 4 records, more than the limit 3',
      'page 0 of 3 is not the last, yet holds 4 records, not 3',
    ]);
    expect(pageProblems(page(7, 3, 0, 3), { page: 1, limit: 3 })).toEqual(['currentPage is 0, but page 1 was asked']);
    expect(pageProblems(page(7, 2, 0, 3), { page: 0, limit: 3 })).toEqual([
      'pages is 2, but count 7 at 3 a page makes 3',
    ]);
    expect(pageProblems(page(7, 3, 1, 2), { page: 1, limit: 3 })).toEqual([
      'page 1 of 3 is not the last, yet holds 2 records, not 3',
    ]);
    expect(pageProblems(page(7, 3, 2, 0), { page: 2, limit: 3 })).toEqual([
      'the last page (2) holds 0 records, but count 7 leaves 1',
    ]);
    expect(pageProblems(page(7, 3, 5, 1), { page: 5, limit: 3 })).toEqual([
      'page 5 is past the last (3 pages), yet holds 1 records',
    ]);
  });
});

describe('walking every page', () => {
  const plan = {
    request: { host: 'api', method: 'GET', path: '/organizations/101/auditLog' },
    paging: { in: 'query', defaultLimit: 25, maximumLimit: 100 },
  } as WalkPlan;
  /** A list served page by page, through a page function that may break the rules. */
  const serve = (
    records: unknown[],
    pageOf: (records: unknown[], page: number, limit: number) => unknown[] = (all, n, limit) =>
      all.slice(n * limit, (n + 1) * limit),
  ) => {
    const asked: string[] = [];
    const send = async (request: RequestSpec): Promise<Answer> => {
      asked.push(request.path);
      const { page: n, limit } = askedPage(request, plan.paging)!;
      const body = {
        count: records.length,
        pages: Math.ceil(records.length / limit),
        currentPage: n,
        results: pageOf(records, n, limit),
      };
      const text = JSON.stringify(body);
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        bytes: new TextEncoder().encode(text),
        text,
        body,
      };
    };
    return { send, asked };
  };
  const records = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1 }));

  it('gives count distinct records over every page, at 3 a page, and asks one page past the last', async () => {
    const list = serve(records(8));
    expect(await walkPages(plan, list.send)).toEqual({ summary: '3 of 3 pages of 3: 8 distinct records, count 8' });
    expect(list.asked).toEqual([0, 1, 2, 3].map((n) => `/organizations/101/auditLog?page=${n}&limit=3`));
  });

  it('fails a list that drops a record of each page while keeping count', async () => {
    const list = serve(records(8), (all, n, limit) => all.slice(n * limit, (n + 1) * limit).slice(0, -1));
    expect(await walkPages(plan, list.send)).toEqual({
      problem: 'walking every page gave 5 distinct records, but count is 8',
      summary: '3 of 3 pages of 3: 5 distinct records, count 8',
    });
  });

  it('fails a list that repeats a record on two pages', async () => {
    // Each page after the first starts with the last record of the page before.
    const list = serve(records(8), (all, n, limit) =>
      n === 0 ? all.slice(0, limit) : all.slice(n * limit - 1, (n + 1) * limit - 1),
    );
    expect((await walkPages(plan, list.send)).problem).toBe(
      '1 record came back on more than one page (3 of 3 pages of 3: 8 distinct records, count 8)',
    );
  });

  it('proves nothing of an empty list, and walks the first 50 pages of a very long one', async () => {
    expect(await walkPages(plan, serve([]).send)).toEqual({
      unproven: 'the list is empty: there is nothing to walk',
      summary: 'count 0',
    });
    const long = serve(records(6000));
    expect(await walkPages(plan, long.send)).toEqual({
      unproven:
        'the list is too long to walk whole (60 pages at the largest page size); the first 50 pages held no repeated record',
      summary: '50 of 60 pages of 100: 5000 distinct records, count 6000',
    });
    expect(long.asked.length).toBe(51);
  });
});

describe('the suite checks pagination on the mock', () => {
  let file: PrincipalsFile;
  beforeAll(async () => {
    file = await loadPrincipals('fixtures/default.principals.json');
  });

  const runAgainst = async (faults: string[]) => {
    const server = await startServer({ port: 0, dataPort: 0, faults });
    try {
      // The flows write, so the audit log has entries to walk.
      return await runSuite({ file, api: server.urls.api, data: server.urls.data, only: ['flows', 'pagination'] });
    } finally {
      await server.close();
    }
  };

  it('raises nothing against the honest mock, and walks one list per paginated operation', async () => {
    const report = await runAgainst([]);
    expect(report.failed).toBe(0);
    const walks = report.results.filter((result) => result.rule === 'pagination.walk');
    expect(walks.map((walk) => [walk.operationId, walk.principal, walk.outcome])).toEqual([
      ['listOrganizationAuditLog', 'owner@acme.example', 'passed'],
      ['querySessions', 'owner@acme.example', 'passed'],
      ['listQuestionSetResponses', 'owner@acme.example', 'passed'],
    ]);
    for (const walk of walks)
      expect(walk.title).toMatch(/ \((\d+) of \1 pages of 3: (\d+) distinct records, count \2\)$/);
    expect(
      report.results.filter((result) => result.rule === 'pagination.consistent' && result.outcome === 'passed').length,
    ).toBeGreaterThan(10);
  }, 60_000);

  it('fails a server that drops one record of every page while keeping count (fault drop-page-item)', async () => {
    const report = await runAgainst(['drop-page-item']);
    const failed = report.results.filter((result) => result.outcome === 'failed' && result.group === 'pagination');
    expect(new Set(failed.map((result) => result.rule))).toEqual(new Set(['pagination.consistent', 'pagination.walk']));
    const walks = failed.filter((result) => result.rule === 'pagination.walk');
    expect(walks.map((walk) => walk.operationId)).toEqual([
      'listOrganizationAuditLog',
      'querySessions',
      'listQuestionSetResponses',
    ]);
    for (const walk of walks)
      expect(walk.message).toMatch(/^walking every page gave \d+ distinct records, but count is \d+$/);
    const first = failed.find((result) => result.rule === 'pagination.consistent')!;
    expect(first.message).toMatch(
      /^page 0 of \d+ is not the last, yet holds 2 records, not 3$|^the last page \(0\) holds \d+ records, but count \d+ leaves \d+$/,
    );
    expect(first.curl).toContain('page=0&limit=3');
  }, 60_000);
});

describe('declared response headers', () => {
  const operations = new Map(
    [...compileOperations(bundledDocuments.data, 'data'), ...compileOperations(bundledDocuments.api, 'api')].map(
      (op) => [op.operationId, op],
    ),
  );
  const listScenes = operations.get('collectorListScenes')!;

  it('a data-host success must carry cvr-request-time, digits only', () => {
    const headers = (value?: string) => (name: string) => (name === 'cvr-request-time' ? value : undefined);
    expect(responseMismatch(listScenes, 200, 'application/json', '[]', headers('3'))).toBeUndefined();
    expect(responseMismatch(listScenes, 200, 'application/json', '[]', headers(undefined))).toEqual({
      rule: 'schema.headers',
      message: 'no cvr-request-time header: the documents require it on 200',
    });
    expect(responseMismatch(listScenes, 200, 'application/json', '[]', headers('3ms'))).toEqual({
      rule: 'schema.headers',
      message: 'header cvr-request-time: "3ms" must match pattern "^[0-9]+$"',
    });
    // Errors declare no such header.
    expect(
      responseMismatch(listScenes, 401, 'application/json', '{"code":401,"message":"no"}', headers(undefined)),
    ).toBeUndefined();
  });

  it('the suite fails a data host whose successes leave it out (fault drop-request-time), and only for that', async () => {
    const file = await loadPrincipals('fixtures/default.principals.json');
    const server = await startServer({ port: 0, dataPort: 0, faults: ['drop-request-time'] });
    try {
      const report = await runSuite({ file, api: server.urls.api, data: server.urls.data, only: ['credentials'] });
      const failed = report.results.filter((result) => result.outcome === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const result of failed) {
        expect(result.rule).toBe('schema.headers');
        expect(result.request!.url.startsWith(server.urls.data)).toBe(true);
        expect(result.message).toBe(`no cvr-request-time header: the documents require it on ${result.status}`);
        expect(result.answer!.headers['cvr-request-time']).toBeUndefined();
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});
