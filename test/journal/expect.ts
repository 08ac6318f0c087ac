import { expect } from 'vitest';
import type { JournalEntry } from '../../src/journal/types.ts';
import type { Sent } from './script.ts';

/** What the journal must say of one request: its status and exactly these rules. */
const judged = (entry: JournalEntry) => ({
  status: entry.status,
  violations: entry.violations.map((finding) => finding.rule),
  warnings: entry.warnings.map((finding) => finding.rule),
  rule: entry.rule,
});

/**
 * Checks the entries of a scripted run: one per request, in order; each step's own entry has exactly its rules (and
 * its pointer); the logins some steps make first are clean.
 */
export function expectJudged(entries: JournalEntry[], sent: Sent[]): void {
  const own = entries.filter((entry) => !(entry.operationId === 'createLoginSession' && entry.status === 200));
  expect(own.map((entry) => `${entry.method} ${entry.path.slice(0, 60)}`)).toEqual(
    sent.map(({ step }) => `${step.method} /v0${step.path.slice(0, 57)}`),
  );
  expect(own.map(judged)).toEqual(
    sent.map(({ step }) => ({
      status: step.status,
      violations: step.violations,
      warnings: step.warnings,
      rule: step.rule !== undefined ? step.rule : (step.violations[0] ?? null),
    })),
  );
  sent.forEach(({ step, status }, index) => {
    expect(status, step.name).toBe(step.status);
    if (step.pointer) expect(own[index]!.violations[0]!.pointer, step.name).toBe(step.pointer);
  });
  for (const login of entries.filter((entry) => entry.operationId === 'createLoginSession' && entry.status === 200))
    expect(judged(login)).toEqual({ status: 200, violations: [], warnings: [], rule: null });
}
