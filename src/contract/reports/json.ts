import type { SuiteReport } from '../run.ts';

/** The whole run as JSON: every result, the summary per group and the coverage. */
export function jsonReport(report: SuiteReport, meta: Record<string, unknown>): string {
  return `${JSON.stringify({ ...meta, preflight: report.preflight, summary: report.summary, coverage: report.coverage, failed: report.failed, results: report.results }, null, 2)}\n`;
}
