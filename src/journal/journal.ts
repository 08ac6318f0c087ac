import type { CredentialKind } from '../spec/credential-kinds.ts';
import type { DocumentName } from '../spec/document-names.ts';
import type { RuleId } from './rules.ts';
import type { BodyExcerpt, Finding, JournalEntry, JournalFilter, RequestJournal } from './types.ts';

/** 10,000 entries: a long test run's worth, a few MB. */
export const defaultJournalSize = 10_000;

let lastMs = Number.NaN;
let lastIso = '';

/** The wall clock as ISO-8601, formatted once per millisecond (requests arrive several to a millisecond). */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export type EntryListener = (entry: JournalEntry) => void;

/** What only some requests have (a refusal, a warning, a refused credential): one object, kept for those alone. */
export interface EntryExtra {
  reason: string | null;
  violations: readonly Finding[];
  warnings: readonly Finding[];
  credential?: string;
  body?: BodyExcerpt;
}

/**
 * One request as the pipeline hands it over: strings and numbers it already holds. Recording copies them into the
 * ring's columns, so a served request leaves no object behind for the garbage collector to carry.
 */
export interface EntryDraft {
  host: DocumentName;
  method: string;
  path: string;
  operationId: string | null;
  principalKind: CredentialKind | null;
  principalName: string | null;
  principalId: number | null;
  status: number;
  rule: RuleId | null;
  durationMs: number;
  extra?: EntryExtra;
}

const none: readonly Finding[] = Object.freeze([]);

/**
 * One string for each of the values seen lately. Each request makes its path and its caller's name anew; the ring
 * holding those keeps ten thousand young strings alive, which the garbage collector must copy and promote, while
 * requests repeat a few paths and callers: the ring holds those few, already old, many times over (in a loop of
 * the GET, the journal's cost fell from 1.5–2.0 µs to 0.9–1.2 µs a request).
 */
class Interned {
  private readonly values = new Map<string, string>();

  /** `limit`: how many values are kept; past it, they are forgotten all at once. */
  constructor(private readonly limit: number) {}

  intern(value: string): string {
    const kept = this.values.get(value);
    if (kept !== undefined) return kept;
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(value, value);
    return value;
  }
}

const isoOf = (ms: number) => (ms === lastMs ? lastIso : new Date(ms).toISOString());

/**
 * A ring of the latest entries, kept as columns (numbers in unboxed number arrays, strings by reference): recording a
 * request is a dozen array stores and allocates nothing that stays; entries are built as objects when the journal is
 * read, or at once for listeners (`onEntry`, the server's log). Answers are mapped to their entries only once
 * `trackResponses()` was called (the server's log): a WeakMap keyed by every answer costs the garbage collector
 * about a fifth of the GET throughput.
 */
export class Journal implements RequestJournal {
  readonly capacity: number;
  private size = 0;
  /** Where the next entry goes once the ring is full. */
  private next = 0;
  private seq = 0;
  private readonly seqs: number[] = [];
  private readonly times: number[] = [];
  private readonly durations: number[] = [];
  private readonly statuses: number[] = [];
  /** NaN for none. */
  private readonly principalIds: number[] = [];
  private readonly hosts: DocumentName[] = [];
  private readonly methods: string[] = [];
  private readonly paths: string[] = [];
  private readonly operations: (string | null)[] = [];
  private readonly principalKinds: (CredentialKind | null)[] = [];
  private readonly principalNames: (string | null)[] = [];
  private readonly rules: (RuleId | null)[] = [];
  private readonly extras: (EntryExtra | undefined)[] = [];
  private byResponse: WeakMap<Response, JournalEntry> | undefined;
  private readonly listeners: EntryListener[] = [];
  private readonly strings = new Interned(4096);

  constructor(capacity: number = defaultJournalSize, listeners: readonly (EntryListener | undefined)[] = []) {
    if (!Number.isInteger(capacity) || capacity < 0)
      throw new Error(`the journal size must be a whole number of entries, 0 or more; not ${capacity}`);
    this.capacity = capacity;
    for (const listener of listeners) if (listener) this.listeners.push(listener);
  }

  /** Whether anything reads entries: when not, the pipeline builds none. */
  get active(): boolean {
    return this.capacity > 0 || this.listeners.length > 0;
  }

  /** Called for every later entry; answers a function that stops it. */
  listen(listener: EntryListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** The next sequence number, for an entry built elsewhere and handed to `record` (the proxy's). */
  nextSeq(): number {
    return ++this.seq;
  }

  /**
   * Records one request from its draft (the pipeline's way: nothing is built); answers its entry as an object when
   * `materialise` is asked, or a listener or the response tracking needs one (else undefined).
   */
  add(draft: EntryDraft, response: Response, materialise = false): JournalEntry | undefined {
    const seq = ++this.seq;
    const time = Date.now();
    this.keep(seq, time, draft);
    if (!materialise && this.listeners.length === 0 && !this.byResponse) return undefined;
    const entry = build(seq, time, draft);
    this.tell(entry, response);
    return entry;
  }

  /** Records an entry built whole (its `seq` from `nextSeq()`). */
  record(entry: JournalEntry, response: Response): void {
    const { principal } = entry;
    this.keep(entry.seq, Date.parse(entry.time), {
      host: entry.host,
      method: entry.method,
      path: entry.path,
      operationId: entry.operationId,
      principalKind: principal?.kind ?? null,
      principalName: principal?.name ?? null,
      principalId: principal?.id ?? null,
      status: entry.status,
      rule: entry.rule,
      durationMs: entry.durationMs,
      extra: {
        reason: entry.reason,
        violations: entry.violations,
        warnings: entry.warnings,
        credential: entry.credential,
        body: entry.body,
      },
    });
    this.tell(entry, response);
  }

  private keep(seq: number, time: number, draft: EntryDraft): void {
    if (this.capacity === 0) return;
    let at: number;
    if (this.size < this.capacity) at = this.size++;
    else {
      at = this.next;
      this.next = (this.next + 1) % this.capacity;
    }
    this.seqs[at] = seq;
    this.times[at] = time;
    this.durations[at] = draft.durationMs;
    this.statuses[at] = draft.status;
    this.principalIds[at] = draft.principalId ?? Number.NaN;
    this.hosts[at] = draft.host;
    this.methods[at] = draft.method;
    this.paths[at] = this.strings.intern(draft.path);
    this.operations[at] = draft.operationId;
    this.principalKinds[at] = draft.principalKind;
    this.principalNames[at] = draft.principalName === null ? null : this.strings.intern(draft.principalName);
    this.rules[at] = draft.rule;
    this.extras[at] = draft.extra;
  }

  private tell(entry: JournalEntry, response: Response): void {
    this.byResponse?.set(response, entry);
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch (error) {
        console.error('c3d-mock: a journal listener failed', error);
      }
    }
  }

  trackResponses(): void {
    this.byResponse ??= new WeakMap();
  }

  entryOf(response: Response): JournalEntry | undefined {
    return this.byResponse?.get(response);
  }

  entries(filter: JournalFilter = {}): JournalEntry[] {
    const ordered: JournalEntry[] = [];
    const first = this.size < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.size; i++) ordered.push(this.at((first + i) % this.size));
    const test = matcher(filter);
    return test ? ordered.filter(test) : ordered;
  }

  violations(): JournalEntry[] {
    return this.entries({ violations: true });
  }

  clear(): number {
    const count = this.size;
    this.size = 0;
    this.next = 0;
    for (const column of [
      this.seqs,
      this.times,
      this.durations,
      this.statuses,
      this.principalIds,
      this.hosts,
      this.methods,
      this.paths,
      this.operations,
      this.principalKinds,
      this.principalNames,
      this.rules,
      this.extras,
    ])
      column.length = 0;
    return count;
  }

  private at(index: number): JournalEntry {
    const id = held(this.principalIds, index);
    return build(held(this.seqs, index), held(this.times, index), {
      host: held(this.hosts, index),
      method: held(this.methods, index),
      path: held(this.paths, index),
      operationId: held(this.operations, index),
      principalKind: held(this.principalKinds, index),
      principalName: held(this.principalNames, index),
      principalId: Number.isNaN(id) ? null : id,
      status: held(this.statuses, index),
      rule: held(this.rules, index),
      durationMs: held(this.durations, index),
      extra: this.extras[index],
    });
  }
}

/** What a column holds at a slot below the journal's size: `keep` writes every column at every such slot. */
function held<Value>(column: readonly Value[], slot: number): Value {
  const value = column[slot];
  if (value === undefined) throw new Error(`the journal holds no entry at slot ${slot}`);
  return value;
}

/** The entry of a draft, as plain data (a fresh object: a reader may change it without touching the journal). */
function build(seq: number, time: number, draft: EntryDraft): JournalEntry {
  const { extra } = draft;
  const entry: JournalEntry = {
    seq,
    time: isoOf(time),
    host: draft.host,
    method: draft.method,
    path: draft.path,
    operationId: draft.operationId,
    principal:
      draft.principalKind === null
        ? null
        : { kind: draft.principalKind, name: draft.principalName, id: draft.principalId },
    status: draft.status,
    reason: extra?.reason ?? null,
    rule: draft.rule,
    durationMs: draft.durationMs,
    violations: extra ? extra.violations : none,
    warnings: extra ? extra.warnings : none,
  };
  if (extra?.credential !== undefined) entry.credential = extra.credential;
  if (extra?.body !== undefined) entry.body = extra.body;
  return entry;
}

function matcher(filter: JournalFilter): ((entry: JournalEntry) => boolean) | undefined {
  const tests: ((entry: JournalEntry) => boolean)[] = [];
  if (filter.operation !== undefined) tests.push((entry) => entry.operationId === filter.operation);
  if (filter.host !== undefined) tests.push((entry) => entry.host === filter.host);
  if (filter.status !== undefined) {
    const { status } = filter;
    if (typeof status === 'number') tests.push((entry) => entry.status === status);
    else {
      const hundreds = Number(status[0]);
      tests.push((entry) => Math.floor(entry.status / 100) === hundreds);
    }
  }
  if (filter.violations === true) tests.push((entry) => entry.violations.length > 0);
  if (filter.violations === false) tests.push((entry) => entry.violations.length === 0);
  if (filter.since !== undefined) {
    const since = typeof filter.since === 'number' ? filter.since : Date.parse(filter.since);
    if (Number.isNaN(since)) throw new Error(`since must be an ISO-8601 time, not ${JSON.stringify(filter.since)}`);
    tests.push((entry) => Date.parse(entry.time) >= since);
  }
  if (tests.length === 0) return undefined;
  return (entry) => tests.every((test) => test(entry));
}
