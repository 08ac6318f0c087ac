import { errorResponse, jsonResponse } from '../http/errors.ts';
import type { Mock } from '../core/mock.ts';
import { markValidated } from '../store/seed-source.ts';
import { SeedError, validateSeed } from '../store/seed.ts';
import type { JournalFilter } from '../journal/types.ts';
import { isOneOf, messageOf } from '../guards.ts';
import { reportRoute } from './report-routes.ts';

const controlRouteList =
  'POST /__mock/reset, GET /__mock/snapshot, POST /__mock/restore, GET /__mock/requests, DELETE /__mock/requests, GET /__mock/report (.json, .xml)';

const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** The filters of `GET /__mock/requests`: `operation`, `status` (404 or 4xx), `violations=true`, `since` (ISO), `host`. */
export function journalFilter(query: URLSearchParams): JournalFilter {
  const filter: JournalFilter = {};
  for (const name of query.keys())
    if (!['operation', 'status', 'violations', 'since', 'host'].includes(name))
      throw new Error(`Unknown filter ${name}: the filters are operation, status, violations, since, host`);
  const operation = query.get('operation');
  if (operation !== null) filter.operation = operation;
  const status = query.get('status');
  if (status !== null) {
    const lowerStatus = status.toLowerCase();
    if (isOneOf(statusClasses, lowerStatus)) filter.status = lowerStatus;
    else if (/^[1-5]\d\d$/.test(status)) filter.status = Number(status);
    else throw new Error(`status must be a status (404) or a class (4xx), not ${JSON.stringify(status)}`);
  }
  const violations = query.get('violations');
  if (violations !== null) {
    if (violations !== 'true' && violations !== 'false')
      throw new Error(`violations must be true or false, not ${JSON.stringify(violations)}`);
    filter.violations = violations === 'true';
  }
  const since = query.get('since');
  if (since !== null) {
    if (Number.isNaN(Date.parse(since)))
      throw new Error(`since must be an ISO-8601 time (2026-01-21T09:30:00Z), not ${JSON.stringify(since)}`);
    filter.since = since;
  }
  const host = query.get('host');
  if (host !== null) {
    if (host !== 'api' && host !== 'data') throw new Error(`host must be api or data, not ${JSON.stringify(host)}`);
    filter.host = host;
  }
  return filter;
}

/**
 * `/__mock/` control routes: `POST reset` (back to the seed), `GET snapshot` (the whole state as a seed),
 * `POST restore` (a snapshot as the body), `GET requests` (the journal, filtered; newest last) and
 * `DELETE requests` (forget it). The server answers them to loopback callers only.
 */
export function controlRoutes(mock: Mock): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const report = reportRoute(mock.journal, request); // GET /__mock/report, .json, .xml: src/server/report-routes.ts
    if (report) return report;
    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case 'GET /__mock/requests': {
        let filter: JournalFilter;
        try {
          filter = journalFilter(url.searchParams);
        } catch (error) {
          return errorResponse(400, messageOf(error));
        }
        return jsonResponse(200, mock.journal.entries(filter));
      }
      case 'DELETE /__mock/requests':
        return jsonResponse(200, { cleared: mock.journal.clear() });
      case 'POST /__mock/reset':
        try {
          mock.reset();
        } catch (error) {
          // A seed file read again on reset may have been changed in place since the start.
          if (error instanceof SeedError) return errorResponse(409, error.message);
          throw error;
        }
        return jsonResponse(200, { reset: true });
      case 'GET /__mock/snapshot':
        return jsonResponse(200, mock.snapshot());
      case 'POST /__mock/restore': {
        let snapshot: unknown;
        try {
          snapshot = await request.json();
        } catch {
          return errorResponse(400, 'Invalid json: the body must be a snapshot from GET /__mock/snapshot');
        }
        try {
          // Checked here, and marked so that the mock does not check it again.
          mock.restore(markValidated(validateSeed(snapshot, 'snapshot')));
        } catch (error) {
          if (error instanceof SeedError) return errorResponse(400, error.message);
          throw error;
        }
        return jsonResponse(200, { restored: true });
      }
      default:
        return errorResponse(404, `No control route ${route}; control routes: ${controlRouteList}`);
    }
  };
}
