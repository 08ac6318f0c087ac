import type { JournalEntry } from './types.ts';

const ansi = {
  reset: '\x1b[0m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  magenta: '\x1b[35m',
} as const;

/** Who made the request, for the log: the principal's name, else the shape of the credential refused, else `-`. */
export function principalText(entry: JournalEntry): string {
  if (entry.principal?.name) return entry.principal.name;
  if (entry.credential) return entry.credential;
  if (entry.principal) return entry.principal.kind;
  return '-';
}

/**
 * One line of the request log:
 * `09:30:01.123 api GET /v0/projects/1001 200 getProject [API key CI write (ac3e0000…)] 1.2ms`, and for anything
 * but 2xx `: <reason>`; then the rules broken (`violations: …`) and leaned on (`warnings: …`).
 */
export function formatLogLine(entry: JournalEntry, color = false): string {
  const paint = (code: keyof typeof ansi, text: string) => (color ? `${ansi[code]}${text}${ansi.reset}` : text);
  const statusColor =
    entry.status >= 500 ? 'red' : entry.status >= 400 ? 'yellow' : entry.status >= 300 ? 'cyan' : 'green';
  const time = entry.time.slice(11, 23);
  const parts = [
    paint('dim', time),
    entry.host,
    entry.method,
    entry.path,
    paint(statusColor, String(entry.status)),
    entry.operationId ?? '-',
    paint('dim', `[${principalText(entry)}]`),
    `${entry.durationMs}ms`,
  ];
  let line = parts.join(' ');
  if (entry.status >= 300 && entry.reason) line += `: ${entry.reason}`;
  if (entry.violations.length > 0)
    line += ` ${paint('red', `violations: ${entry.violations.map((finding) => finding.rule).join(', ')}`)}`;
  if (entry.warnings.length > 0)
    line += ` ${paint('magenta', `warnings: ${entry.warnings.map((finding) => finding.rule).join(', ')}`)}`;
  return line;
}
