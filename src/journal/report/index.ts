/** The conformance report of a client: from journal entries to JSON, a self-contained HTML page and JUnit XML. */
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import type { ConformanceReport } from './report.ts';

export {
  answerRules,
  conformanceReport,
  documentedOperations,
  parseRuleIds,
  ReportBuilder,
  type ConformanceReport,
  type ReportExample,
  type ReportOperation,
  type ReportOptions,
  type ReportSource,
  type RuleGroup,
  type UsedOperation,
  upstreamOnlyRules,
} from './report.ts';

export type ReportFormat = 'html' | 'json' | 'junit';
export const reportFormats: readonly ReportFormat[] = ['junit', 'json', 'html'];
/** The file each format is written to by `c3d-mock run` and `--report-on-exit`. */
export const reportFiles: Record<ReportFormat, string> = {
  junit: 'conformance-junit.xml',
  json: 'conformance-report.json',
  html: 'conformance-report.html',
};
/** The Content-Type each format is served with (`GET /__mock/report`, `.json`, `.xml`). */
export const reportContentTypes: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  junit: 'application/xml; charset=utf-8',
};

/** The report as the text of one format: `html` (a self-contained page), `json` (the report itself), `junit` (XML). */
export function renderReport(report: ConformanceReport, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return renderHtml(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'junit':
      return renderJunit(report);
  }
}
