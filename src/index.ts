/** c3d-mock: the mock core, its MSW handlers, the standalone server, and the documents' metadata. */
export { createMock, type Mock, type MockOptions } from './core/mock.ts';
export { embeddedSeed } from './store/embedded-seed.ts';
export { createHandlers, defaultBaseUrls, type HandlerOptions } from './msw/handlers.ts';
export { startServer, type RunningServer, type ServerOptions } from './server/server.ts';
export { faultDescriptions, faultNames, type FaultName } from './core/faults.ts';
export { validateSeed, SeedError } from './store/seed.ts';
export type { SeedData } from './store/store.ts';
export { DbError } from './store/db.ts';
export type {
  Db,
  DbCreate,
  DbManyQuery,
  DbOrderBy,
  DbQuery,
  DbRecord,
  DbTable,
  DbUpdate,
  DbWhere,
  FieldQuery,
} from './store/db-types.ts';
export {
  rules as journalRules,
  type BodyExcerpt,
  type Finding,
  type JournalEntry,
  type JournalFilter,
  type JournalPrincipal,
  type RequestJournal,
  type RuleId,
} from './journal/index.ts';
export {
  conformanceReport,
  renderReport,
  ReportBuilder,
  type ConformanceReport,
} from './journal/report/index.ts';
