import { errorResponse } from '../http/errors.ts';
import {
  conformanceReport,
  parseRuleIds,
  renderReport,
  reportContentTypes,
  type ReportFormat,
  type ReportSource,
} from '../journal/report/index.ts';
import type { RequestJournal } from '../journal/types.ts';
import { messageOf } from '../guards.ts';

const routes: Record<string, ReportFormat> = {
  '/__mock/report': 'html',
  '/__mock/report.html': 'html',
  '/__mock/report.json': 'json',
  '/__mock/report.xml': 'junit',
};

/**
 * `GET /__mock/report` (the HTML page), `/__mock/report.json` and `/__mock/report.xml` (JUnit): the conformance report
 * of the requests the journal keeps. Query: `allow` (rule ids, repeatable or comma-separated) and `allow-warnings=true`
 * shape the verdict as `c3d-mock run --allow` does. Answers undefined for any other path (the caller's routes go on).
 */
export function reportRoute(
  journal: RequestJournal,
  request: Request,
  source: ReportSource = 'mock',
): Response | undefined {
  const url = new URL(request.url);
  const format = routes[url.pathname];
  if (format === undefined) return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return errorResponse(405, `${request.method} is not allowed here; allowed: GET`, {}, { allow: 'GET' });
  let allow: ReturnType<typeof parseRuleIds>;
  let allowWarnings = false;
  try {
    for (const name of url.searchParams.keys())
      if (name !== 'allow' && name !== 'allow-warnings')
        throw new Error(`Unknown parameter ${name}: the report takes allow (rule ids) and allow-warnings=true`);
    allow = parseRuleIds(
      url.searchParams
        .getAll('allow')
        .flatMap((value) => value.split(','))
        .filter(Boolean),
    );
    const warnings = url.searchParams.get('allow-warnings');
    if (warnings !== null && warnings !== 'true' && warnings !== 'false')
      throw new Error(`allow-warnings must be true or false, not ${JSON.stringify(warnings)}`);
    allowWarnings = warnings === 'true';
  } catch (error) {
    return errorResponse(400, messageOf(error));
  }
  const report = conformanceReport(journal.entries(), { allow, allowWarnings, source });
  return new Response(request.method === 'HEAD' ? null : renderReport(report, format), {
    status: 200,
    headers: { 'content-type': reportContentTypes[format], 'cache-control': 'no-store' },
  });
}
