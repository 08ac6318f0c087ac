import type { Handlers } from '../types.ts';
import { developerToolHandlers } from './developer-tools.ts';
import { editorLookupHandlers } from './editor-lookups.ts';
import { exitPollHandlers } from './exitpoll.ts';
import { ingestHandlers } from './ingest.ts';
import { objectUploadHandlers } from './object-uploads.ts';
import { remoteVariableHandlers } from './remote-variables.ts';
import { sceneUploadHandlers } from './scene-uploads.ts';

/** Handlers of the collector groups, by operationId. */
export const collectorHandlers: Handlers = {
  ...developerToolHandlers,
  ...sceneUploadHandlers,
  ...objectUploadHandlers,
  ...editorLookupHandlers,
  ...ingestHandlers,
  ...exitPollHandlers,
  ...remoteVariableHandlers,
};
