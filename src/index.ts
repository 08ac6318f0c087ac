/** c3d-mock: the mock core, its MSW handlers, the standalone server, and the documents' metadata. */
export { createMock, type Mock, type MockOptions } from './core/mock.ts';
export { embeddedSeed } from './store/embedded-seed.ts';
export { createHandlers, defaultBaseUrls, type HandlerOptions } from './msw/handlers.ts';
export { startServer, type RunningServer, type ServerOptions } from './server/server.ts';
export { faultDescriptions, faultNames, type FaultName } from './core/faults.ts';
export { validateSeed, SeedError } from './store/seed.ts';
export type { SeedData } from './store/store.ts';
