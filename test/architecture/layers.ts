/**
 * The layers of `src/`, from the bottom up. A file may import files of its own unit and of units on lower
 * layers; never a unit on a higher layer, nor another unit on its own layer (unless `mayImportEachOther`
 * says so). A unit is a folder or a file directly under `src/`; a file belongs to the longest unit its path
 * starts with, so `operations/shared` is a unit apart from `operations` (which keeps `operations/index.ts`).
 */
export interface Layer {
  units: readonly string[];
  /** The units of this layer may import each other. */
  mayImportEachOther?: boolean;
}

export const layers: readonly Layer[] = [
  { units: ['generated'] },
  // Narrowing helpers for values the type system cannot see (parsed JSON, documents walked by key).
  { units: ['guards.ts'] },
  // The documents at run time and the vocabulary both sides share; the types of both hosts.
  { units: ['spec', 'types.ts'] },
  // The typed clients sit on the documents alone, so they run in a browser without the mock.
  { units: ['client'] },
  // The request journal's rules and entry types, its ring and its log line: plain data over the documents' vocabulary,
  // so the HTTP primitives can name the rule each refusal enforces, and the report, `run` and the proxy can read it.
  { units: ['journal'] },
  // The conformance report: journal entries and the documents' operation list, rendered as JSON, HTML and JUnit.
  { units: ['journal/report'] },
  // HTTP primitives: bodies, parameters, cookies, content sniffing, error answers, responses.
  { units: ['http'] },
  { units: ['store'] },
  // Credentials, principals and the policy, over the store.
  { units: ['auth'] },
  // What the operation groups share: their types, views of stored rows, filters, stored files.
  { units: ['operations/shared'] },
  // The operation groups: each on its own, sharing only through `operations/shared`.
  {
    units: [
      'operations/collector',
      'operations/content',
      'operations/objectives',
      'operations/organization',
      'operations/projects',
      'operations/sessions',
    ],
  },
  // Every operation by operationId.
  { units: ['operations'] },
  // The request pipeline, `createMock` and the faults.
  { units: ['core'] },
  // The adapters.
  { units: ['msw', 'server'] },
  // The contract suite (which must not reach the mock at all: test/contract/imports.test.ts) and what builds on it.
  { units: ['contract'] },
  { units: ['postman'] },
  // The entry points.
  { units: ['index.ts', 'cli.ts'] },
];
