/** The request journal: its entry types, its rules, the ring that keeps entries, and the log line. */
export type { BodyExcerpt, Finding, JournalEntry, JournalFilter, JournalPrincipal, RequestJournal } from './types.ts';
export {
  isViolation,
  ruleIds,
  rules,
  type RuleId,
  type RuleSpec,
  type Severity,
  type ViolationRule,
  type WarningRule,
} from './rules.ts';
export { defaultJournalSize, Journal, type EntryListener } from './journal.ts';
export { bodyExcerpt, credentialShape, excerptLength } from './excerpt.ts';
export { formatLogLine, principalText } from './log-line.ts';
