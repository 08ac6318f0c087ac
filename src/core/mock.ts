import { fromEntries } from '../guards.ts';
import { operations as allOperations } from '../operations/index.ts';
import type { Implementations } from '../operations/shared/types.ts';
import { compileOperations, type CompiledOperation } from '../spec/compile.ts';
import { keyFormats } from '../spec/credential-kinds.ts';
import { documentNames, type DocumentName } from '../spec/document-names.ts';
import { runtimeDocuments as bundledDocuments } from '../spec/runtime-documents.ts';
import { RouteTable } from '../spec/route-table.ts';
import { embeddedSeed } from '../store/embedded-seed.ts';
import { validateSeed } from '../store/seed.ts';
import { wholeSeed } from '../store/seed-source.ts';
import { createDb } from '../store/db.ts';
import type { Db } from '../store/db-types.ts';
import { Store, type SeedData } from '../store/store.ts';
import { seedShift } from '../store/time-shift.ts';
import { clockFunction, type ClockSetting } from './clock.ts';
import type { RequestExtras } from '../http/cookies.ts';
import { withConditions, type Conditions } from '../http/conditions.ts';
import { webResponse } from '../http/respond.ts';
import { faultHooks, parseFaults, type FaultName } from './faults.ts';
import { createPipeline } from './pipeline.ts';
import { defaultJournalSize, Journal } from '../journal/journal.ts';
import type { JournalEntry, RequestJournal } from '../journal/types.ts';

/**
 * `latency`, `errorRate` and `random` (the network conditions, as the server's `--latency` and `--error-rate`
 * take them) apply to every request of `hosts`, as do the `x-c3d-mock-latency` and `x-c3d-mock-error` headers.
 */
export interface MockOptions extends Conditions {
  /** The seed to start from (validated); the embedded default seed when absent. */
  seed?: SeedData;
  /** Where the seed came from, for error messages (default: "the seed passed to createMock"). */
  seedSource?: string;
  faults?: Iterable<FaultName | string>;
  /** The clock, in epoch milliseconds (developer-key expiry, timestamps, the seed's date shift). */
  now?: () => number;
  /** Pins the clock at this instant (ISO-8601, epoch ms or a Date) instead of `now`: answers are then byte-stable. */
  clock?: ClockSetting;
  /**
   * Serve the seed's dates moved so that its newest session ended the day before the clock's today (default true);
   * false serves them as written, e.g. for a saved state.
   */
  shiftSeedDates?: boolean;
  /** Check every answer against the documents and turn a mismatch into a 500 naming it (tests). */
  validateResponses?: boolean;
  /**
   * Told of every request a route matched, once it is answered: the operation, the status and its journal entry
   * (undefined when the journal is off: `journalSize: 0` and no `onEntry`).
   */
  onServed?: (operation: CompiledOperation, status: number, entry: JournalEntry | undefined) => void;
  /** Told of every journal entry as it is recorded (every request of both hosts, routed or not). */
  onEntry?: (entry: JournalEntry) => void;
  /** How many requests the journal keeps (default 10,000; 0 keeps none, and builds no entry unless `onEntry`). */
  journalSize?: number;
  /** Request bodies over this many bytes answer 413 (default 256 MiB). */
  maxBodyBytes?: number;
  /** Replaces operation implementations by operationId (tests). */
  operations?: Implementations;
}

export interface Mock {
  readonly store: Store;
  /** The mock's clock, in epoch ms. */
  readonly now: () => number;
  /** How far the seed's dates were moved (ms, whole days; 0 when they are served as written). */
  readonly seedShiftMs: number;
  readonly faults: ReadonlySet<FaultName>;
  /**
   * One Web-standard fetch per host: the dashboard API (`/v0/...` of api.cognitive3d.com) and the data collector,
   * each under the network conditions (`latency`, `errorRate`, the `x-c3d-mock-*` headers) that every adapter shares.
   */
  readonly hosts: Record<DocumentName, (request: Request, extras?: RequestExtras) => Promise<Response>>;
  /**
   * The same fetch as `hosts`, for the Node server: an operation's answer may be a `KeptResponse`
   * (`src/http/respond.ts`), a Response built only if something reads its body, which the server writes to the
   * socket as it is. `hosts` builds it, so MSW and the browser always get a platform Response.
   */
  readonly nodeHosts: Record<DocumentName, (request: Request, extras?: RequestExtras) => Promise<Response>>;
  /** Every request of both hosts, judged: the latest `journalSize` entries (see the README's "The request journal"). */
  readonly journal: RequestJournal;
  /**
   * Typed test data: one model per table with @mswjs/data's API (`mock.db.projects.create({ organizationId: 101 })`),
   * over the store's own tables; checked as a seed is. It follows `reset` and `restore`.
   */
  readonly db: Db;
  reset(): void;
  snapshot(): SeedData;
  restore(snapshot: SeedData): void;
}

interface CompiledHost {
  operations: CompiledOperation[];
  routes: RouteTable<CompiledOperation>;
}

let compiled: Record<DocumentName, CompiledHost> | undefined;

/** Compiles both documents once per process; every mock shares the route tables and validators. */
export function compiledHosts(): Record<DocumentName, CompiledHost> {
  if (!compiled) {
    const build = (host: DocumentName): CompiledHost => {
      const operations = compileOperations(bundledDocuments[host], host);
      const routes = new RouteTable<CompiledOperation>();
      for (const operation of operations) routes.add(operation.method, operation.path, operation);
      return { operations, routes };
    };
    compiled = { api: build('api'), data: build('data') };
  }
  return compiled;
}

/** Builds a mock over a fresh store: the core every adapter (MSW, the HTTP server) calls. */
export function createMock(options: MockOptions = {}): Mock {
  const seed =
    options.seed === undefined
      ? embeddedSeed
      : validateSeed(wholeSeed(options.seed), options.seedSource ?? 'the seed passed to createMock');
  const now = clockFunction(options);
  const store = new Store(seed, { seedShiftMs: options.shiftSeedDates === false ? 0 : seedShift(seed, now()) });
  const faults = parseFaults(options.faults ?? []);
  const hooks = faultHooks(faults);
  const formats = keyFormats(documentNames.map((name) => bundledDocuments[name]));
  const operations = { ...allOperations, ...options.operations };
  const journal = new Journal(options.journalSize ?? defaultJournalSize, [options.onEntry]);
  // Only the conditions are kept: holding `options` would keep the whole seed alive beside the store.
  const conditions: Conditions = { latency: options.latency, errorRate: options.errorRate, random: options.random };
  const nodeHosts: Mock['hosts'] = fromEntries(
    documentNames.map(
      (host) =>
        [
          host,
          withConditions(
            createPipeline({
              host,
              routes: compiledHosts()[host].routes,
              formats,
              store: () => store,
              operations,
              hooks,
              now,
              validateResponses: options.validateResponses ?? false,
              maxBodyBytes: options.maxBodyBytes,
              onServed: options.onServed,
              journal,
            }),
            conditions,
          ),
        ] as const,
    ),
  );
  const hosts: Mock['hosts'] = fromEntries(
    documentNames.map(
      (host) =>
        [
          host,
          (request: Request, extras?: RequestExtras) => nodeHosts[host](request, extras).then(webResponse),
        ] as const,
    ),
  );
  return {
    store,
    now,
    seedShiftMs: store.seedShiftMs,
    faults,
    hosts,
    nodeHosts,
    journal,
    db: createDb(store, { now }),
    reset: () => store.reset(),
    snapshot: () => store.snapshot(),
    restore: (snapshot) => store.restore(validateSeed(snapshot, 'snapshot')),
  };
}
