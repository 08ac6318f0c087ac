import { operations as allOperations } from '../operations/index.ts';
import type { Implementations } from '../operations/shared/types.ts';
import { compileOperations, type CompiledOperation } from '../spec/compile.ts';
import { keyFormats } from '../spec/credential-kinds.ts';
import { documentNames, type DocumentName } from '../spec/document-names.ts';
import { bundledDocuments } from '../spec/load.ts';
import { RouteTable } from '../spec/route-table.ts';
import { embeddedSeed } from '../store/embedded-seed.ts';
import { validateSeed } from '../store/seed.ts';
import { Store, type SeedData } from '../store/store.ts';
import { seedShift } from '../store/time-shift.ts';
import { clockFunction, type ClockSetting } from './clock.ts';
import type { RequestExtras } from '../http/cookies.ts';
import { faultHooks, parseFaults, type FaultName } from './faults.ts';
import { createPipeline } from './pipeline.ts';

export interface MockOptions {
  /** The seed to start from (validated); the embedded default seed when absent. */
  seed?: SeedData;
  /** Where the seed came from, for error messages. */
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
  onServed?: (operation: CompiledOperation, status: number) => void;
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
  /** One Web-standard fetch per host: the dashboard API (`/v0/...` of api.cognitive3d.com) and the data collector. */
  readonly hosts: Record<DocumentName, (request: Request, extras?: RequestExtras) => Promise<Response>>;
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
      : validateSeed(options.seed, options.seedSource ?? 'fixtures/default.json');
  const now = clockFunction(options);
  const store = new Store(seed, { seedShiftMs: options.shiftSeedDates === false ? 0 : seedShift(seed, now()) });
  const faults = parseFaults(options.faults ?? []);
  const hooks = faultHooks(faults);
  const formats = keyFormats(documentNames.map((name) => bundledDocuments[name]));
  const operations = { ...allOperations, ...options.operations };
  const hosts = Object.fromEntries(
    documentNames.map((host) => [
      host,
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
      }),
    ]),
  ) as Mock['hosts'];
  return {
    store,
    now,
    seedShiftMs: store.seedShiftMs,
    faults,
    hosts,
    reset: () => store.reset(),
    snapshot: () => store.snapshot(),
    restore: (snapshot) => store.restore(validateSeed(snapshot, 'snapshot')),
  };
}
