import type { CaseResult } from '../model.ts';

/** The request of a failed result on one line: method, URL and credential headers (masked). */
export function requestLine(result: CaseResult): string | undefined {
  const { request } = result;
  if (!request) return undefined;
  const credentials = Object.entries(request.headers)
    .filter(([name]) => name === 'authorization' || name === 'cookie' || name === 'c3d-csrf')
    .map(([name, value]) => `${name}: ${value}`);
  return [`${request.method} ${request.url}`, ...credentials].join('  ');
}

/** The answer of a failed result on one line: status, content type and the first line of the body. */
export function answerLine(result: CaseResult): string | undefined {
  const { answer } = result;
  if (!answer) return undefined;
  const [body = ''] = answer.bodyExcerpt.split('\n');
  return [String(answer.status), answer.contentType ?? '', body.length > 160 ? `${body.slice(0, 160)}…` : body]
    .filter(Boolean)
    .join('  ');
}

/** Where the curl command's shell variables come from, one line each. */
export const variableLines = (result: CaseResult): string[] =>
  Object.entries(result.curlVariables ?? {}).map(([name, means]) => `${name}: ${means}`);

/** Everything a failed result carries to reproduce it, as plain text (JUnit, logs). */
export function reproductionText(result: CaseResult): string {
  const { request, answer } = result;
  const lines: string[] = [];
  if (request) {
    lines.push(
      'request:',
      `  ${request.method} ${request.url}`,
      ...Object.entries(request.headers).map(([name, value]) => `  ${name}: ${value}`),
    );
    if (request.bodyExcerpt) lines.push(`  body: ${request.bodyExcerpt}`);
  }
  if (answer) {
    lines.push(
      'answer:',
      `  ${answer.status}`,
      ...Object.entries(answer.headers).map(([name, value]) => `  ${name}: ${value}`),
    );
    if (answer.bodyExcerpt) lines.push(`  body: ${answer.bodyExcerpt}`);
  }
  if (result.curl) {
    lines.push('reproduce:', `  ${result.curl}`);
    for (const line of variableLines(result)) lines.push(`  with ${line}`);
  }
  return lines.join('\n');
}
