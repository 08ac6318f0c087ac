import type { Implementations } from '../shared/types.ts';
import { developerToolOperations } from './developer-tools.ts';
import { editorLookupOperations } from './editor-lookups.ts';
import { exitPollOperations } from './exitpoll.ts';
import { ingestOperations } from './ingest.ts';
import { objectUploadOperations } from './object-uploads.ts';
import { remoteVariableOperations } from './remote-variables.ts';
import { sceneUploadOperations } from './scene-uploads.ts';

/** Implementations of the collector groups, by operationId. */
export const collectorOperations = {
  ...developerToolOperations,
  ...sceneUploadOperations,
  ...objectUploadOperations,
  ...editorLookupOperations,
  ...ingestOperations,
  ...exitPollOperations,
  ...remoteVariableOperations,
} satisfies Implementations;
