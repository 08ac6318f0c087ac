import { isOneOf } from '../../guards.ts';
import { bundledDocuments } from '../../spec/load.ts';
import { documentNames, type DocumentName } from '../../spec/document-names.ts';
import { listOperations } from '../../spec/operations.ts';
import { ruleIds, rules, type RuleId } from '../rules.ts';
import type { Finding, JournalEntry } from '../types.ts';

/** One operation of the documents, as the report names it. */
export interface ReportOperation {
  host: DocumentName;
  operationId: string;
  /** Upper case: `GET`. */
  method: string;
  /** The document's path template, under `/v0`: `/projects/{projectId}`. */
  path: string;
  /** The documents mark it as not served by the API (`x-c3d-unserved`). */
  unserved?: boolean;
}

/** One request shown as an example of a rule: the journal entry's own fields, and the finding. */
export interface ReportExample
  extends Pick<JournalEntry, 'seq' | 'time' | 'host' | 'method' | 'path' | 'operationId' | 'status'> {
  /** What was wrong with this request (the finding's message). */
  message: string;
  /** Where in the request (or answer): `/query/version`, `/name`. */
  pointer?: string;
}

/** The requests that broke (or leaned on) one rule. */
export interface RuleGroup {
  rule: RuleId;
  severity: 'violation' | 'warning';
  description: string;
  /** How many requests broke it. */
  requests: number;
  /** The operations those requests were routed to (none for requests no route matched). */
  operations: string[];
  /** Excluded from the verdict (`--allow RULE`, `--allow-warnings`): shown, but it fails nothing. */
  allowed: boolean;
  /** The first requests that broke it (up to `examplesPerRule`, 3 by default), oldest first. */
  examples: ReportExample[];
}

/** An operation the client used, with the statuses it saw. */
export interface UsedOperation extends ReportOperation {
  requests: number;
  /** Status → how many answers had it, by status. */
  statuses: Record<string, number>;
  /** Requests to it with at least one violation. */
  violations: number;
  /** Requests to it with at least one warning. */
  warnings: number;
}

export interface ConformanceReport {
  /** Who judged the requests: the mock (`run`, `/__mock/report`) or the validating proxy (which also judges answers). */
  source: ReportSource;
  /** `used 23 of 134 operations; 3 requests broke 2 rules`. */
  headline: string;
  /** No rule was broken that is not allowed (warnings included unless `allowWarnings`). */
  passed: boolean;
  generatedAt: string;
  /** The requests the report is built from: how many, and the first and last (seq and time); null when none. */
  requests: { count: number; first: { seq: number; time: string } | null; last: { seq: number; time: string } | null };
  operations: { total: number; used: number; unused: number };
  /** Requests with at least one violation, and the rules they broke; the same for warnings. */
  totals: { requestsWithViolations: number; rulesBroken: number; requestsWithWarnings: number; warningRules: number };
  /** The documents' operations the requests were routed to, in document order. */
  used: UsedOperation[];
  /** The documents' operations no request reached, in document order. */
  unused: ReportOperation[];
  /** Requests no route matched (unknown routes, trailing slashes, wrong methods, …), by status. */
  unrouted: { requests: number; statuses: Record<string, number> };
  /** Violations by rule, the rule broken by most requests first. */
  violations: RuleGroup[];
  /** Warnings by rule, likewise. */
  warnings: RuleGroup[];
  /** What the verdict leaves out. */
  allowed: { rules: RuleId[]; warnings: boolean };
}

export type ReportSource = 'mock' | 'proxy';

/** The rules a validating proxy judges answers by (`answer-*`): the mock never breaks them itself. */
export const answerRules: readonly RuleId[] = ruleIds.filter((rule) => rule.startsWith('answer-'));

/**
 * The rules the proxy cannot judge from one exchange: whether a key exists, is revoked or expired, and what its
 * principal may reach are the upstream's knowledge; the upstream's size limit is its own.
 */
export const upstreamOnlyRules: readonly RuleId[] = [
  'credential-unknown',
  'credential-revoked',
  'credential-expired',
  'role-refused',
  'tenant-refused',
  'body-too-large',
];

export interface ReportOptions {
  /** Who judged the entries (default `mock`): the JUnit report lists the rules that judge could apply. */
  source?: ReportSource;
  /** The operations of the documents (default: every operation of both documents, as served). */
  operations?: readonly ReportOperation[];
  /** Rules that do not fail the verdict (`--allow RULE`). */
  allow?: Iterable<RuleId>;
  /** Warnings do not fail the verdict (`--allow-warnings`). By default they do. */
  allowWarnings?: boolean;
  /** Example requests kept per rule (default 3). */
  examplesPerRule?: number;
  /** The report's time (default now). */
  now?: () => Date;
}

let documented: ReportOperation[] | undefined;

/** Every operation of both documents (the dashboard API, then the data collector), in document order. */
export function documentedOperations(): ReportOperation[] {
  documented ??= documentNames.flatMap((host) =>
    listOperations(bundledDocuments[host]).map(({ method, path, operation }) => {
      const entry: ReportOperation = {
        host,
        operationId: operation.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
      };
      if (operation['x-c3d-unserved'] === true) entry.unserved = true;
      return entry;
    }),
  );
  return documented;
}

/** Throws naming the bad one when a name is not a rule id of `src/journal/rules.ts`. */
export function parseRuleIds(names: Iterable<string>): RuleId[] {
  const parsed: RuleId[] = [];
  for (const name of names) {
    if (!isOneOf(ruleIds, name)) throw new Error(`unknown rule ${JSON.stringify(name)}; rules: ${ruleIds.join(', ')}`);
    parsed.push(name);
  }
  return parsed;
}

const key = (host: string, operationId: string) => `${host} ${operationId}`;

interface Group {
  requests: number;
  operations: Set<string>;
  examples: ReportExample[];
}

/**
 * Builds a report from entries as they come (`add`), keeping counts and a few examples only: a `c3d-mock run` of
 * any length is reported in bounded memory. `conformanceReport(entries)` is the same over a list.
 */
export class ReportBuilder {
  private readonly operations: readonly ReportOperation[];
  private readonly used = new Map<string, UsedOperation>();
  private readonly groups = { violation: new Map<RuleId, Group>(), warning: new Map<RuleId, Group>() };
  private readonly unrouted: { requests: number; statuses: Record<string, number> } = { requests: 0, statuses: {} };
  private readonly examples: number;
  private count = 0;
  private first: { seq: number; time: string } | null = null;
  private last: { seq: number; time: string } | null = null;
  private withViolations = 0;
  private withWarnings = 0;

  constructor(private readonly options: ReportOptions = {}) {
    this.operations = options.operations ?? documentedOperations();
    this.examples = options.examplesPerRule ?? 3;
  }

  add(entry: JournalEntry): void {
    this.count++;
    const mark = { seq: entry.seq, time: entry.time };
    this.first ??= mark;
    this.last = mark;
    const status = String(entry.status);
    if (entry.operationId === null) {
      this.unrouted.requests++;
      this.unrouted.statuses[status] = (this.unrouted.statuses[status] ?? 0) + 1;
    } else {
      const id = key(entry.host, entry.operationId);
      let used = this.used.get(id);
      if (!used) {
        const documented = this.operations.find(
          (operation) => operation.host === entry.host && operation.operationId === entry.operationId,
        );
        used = {
          ...(documented ?? {
            host: entry.host,
            operationId: entry.operationId,
            method: entry.method.toUpperCase(),
            path: entry.path.split('?')[0] ?? entry.path,
          }),
          requests: 0,
          statuses: {},
          violations: 0,
          warnings: 0,
        };
        this.used.set(id, used);
      }
      used.requests++;
      used.statuses[status] = (used.statuses[status] ?? 0) + 1;
      if (entry.violations.length > 0) used.violations++;
      if (entry.warnings.length > 0) used.warnings++;
    }
    if (entry.violations.length > 0) this.withViolations++;
    if (entry.warnings.length > 0) this.withWarnings++;
    this.note('violation', entry, entry.violations);
    this.note('warning', entry, entry.warnings);
  }

  private note(severity: 'violation' | 'warning', entry: JournalEntry, findings: readonly Finding[]): void {
    const seen = new Set<RuleId>();
    for (const finding of findings) {
      // A request counts once per rule, however many times it broke it; each finding may be an example.
      const groups = this.groups[severity];
      let group = groups.get(finding.rule);
      if (!group) {
        group = { requests: 0, operations: new Set(), examples: [] };
        groups.set(finding.rule, group);
      }
      if (!seen.has(finding.rule)) {
        group.requests++;
        seen.add(finding.rule);
        if (entry.operationId !== null) group.operations.add(entry.operationId);
      }
      if (group.examples.length < this.examples) {
        const example: ReportExample = {
          seq: entry.seq,
          time: entry.time,
          host: entry.host,
          method: entry.method,
          path: entry.path,
          operationId: entry.operationId,
          status: entry.status,
          message: finding.message,
        };
        if (finding.pointer !== undefined) example.pointer = finding.pointer;
        group.examples.push(example);
      }
    }
  }

  build(): ConformanceReport {
    const allowedRules = [...new Set(this.options.allow ?? [])];
    const allowWarnings = this.options.allowWarnings === true;
    const groups = (severity: 'violation' | 'warning'): RuleGroup[] =>
      [...this.groups[severity]]
        .map(([rule, group]) => ({
          rule,
          severity,
          description: rules[rule].description,
          requests: group.requests,
          operations: [...group.operations],
          allowed: allowedRules.includes(rule) || (severity === 'warning' && allowWarnings),
          examples: group.examples,
        }))
        .sort((a, b) => b.requests - a.requests || ruleIds.indexOf(a.rule) - ruleIds.indexOf(b.rule));
    const violations = groups('violation');
    const warnings = groups('warning');
    const used = this.operations.flatMap(
      (operation) => this.used.get(key(operation.host, operation.operationId)) ?? [],
    );
    // Entries of operations the list does not hold (another version of the documents) are kept, after the rest.
    const listed = new Set(used);
    for (const operation of this.used.values()) if (!listed.has(operation)) used.push(operation);
    const unused = this.operations.filter((operation) => !this.used.has(key(operation.host, operation.operationId)));
    const total = this.operations.length;
    const report: ConformanceReport = {
      source: this.options.source ?? 'mock',
      headline: headline(
        used.length,
        total,
        this.withViolations,
        violations.length,
        this.withWarnings,
        warnings.length,
      ),
      passed: [...violations, ...warnings].every((group) => group.allowed),
      generatedAt: (this.options.now?.() ?? new Date()).toISOString(),
      requests: { count: this.count, first: this.first, last: this.last },
      operations: { total, used: used.length, unused: unused.length },
      totals: {
        requestsWithViolations: this.withViolations,
        rulesBroken: violations.length,
        requestsWithWarnings: this.withWarnings,
        warningRules: warnings.length,
      },
      used,
      unused,
      unrouted: { requests: this.unrouted.requests, statuses: { ...this.unrouted.statuses } },
      violations,
      warnings,
      allowed: { rules: allowedRules, warnings: allowWarnings },
    };
    return report;
  }
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** `used 23 of 134 operations; 3 requests broke 2 rules; 5 requests drew warnings of 1 rule`. */
function headline(
  used: number,
  total: number,
  requestsWithViolations: number,
  rulesBroken: number,
  requestsWithWarnings: number,
  warningRules: number,
): string {
  const parts = [`used ${used} of ${plural(total, 'operation')}`];
  parts.push(
    requestsWithViolations === 0
      ? 'no request broke a rule'
      : `${plural(requestsWithViolations, 'request')} broke ${plural(rulesBroken, 'rule')}`,
  );
  if (requestsWithWarnings > 0)
    parts.push(`${plural(requestsWithWarnings, 'request')} drew warnings of ${plural(warningRules, 'rule')}`);
  return parts.join('; ');
}

/**
 * The conformance report of a client from the journal's entries (`mock.journal.entries()`): the operations it used,
 * with the statuses it saw, and those it did not; the violations and warnings by rule, with example requests; a
 * headline and a verdict.
 */
export function conformanceReport(entries: Iterable<JournalEntry>, options: ReportOptions = {}): ConformanceReport {
  const builder = new ReportBuilder(options);
  for (const entry of entries) builder.add(entry);
  return builder.build();
}
