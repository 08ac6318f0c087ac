import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { activeQuestionSets } from './exitpoll.ts';

/** Media sources and ExitPoll hooks the editor plugins offer when setting up a scene. */
export const editorLookupOperations = {
  listEditorMediaSources: ({ store, target }) =>
    ok(
      store.tables.media
        .children('projectId', target.project.key)
        .filter((media) => media.record.archived !== true)
        .map(({ record }) => ({
          name: record.name,
          uploadId: record.uploadId,
          description: record.description ?? null,
        })),
    ),

  listEditorExitPollHooks: ({ store, target }) =>
    ok(
      activeQuestionSets(store, target.project.key).map(({ record }) => ({
        name: record.name,
        active: true,
        description: record.title ?? null,
        questionSetId: record.id,
      })),
    ),
} satisfies Implementations;
