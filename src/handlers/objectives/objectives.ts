import { fail } from '../../core/http.ts';
import type { Store } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { noContent, ok } from '../results.ts';
import type { Handlers } from '../types.ts';
import { objectiveOf, versionsOf } from './lookup.ts';

type ComponentInput = Record<string, any>;

/** The SDK ids of every dynamic object uploaded to any scene version of a project. */
function projectObjectIds(store: Store, projectId: number): Set<string> {
  const ids = new Set<string>();
  for (const scene of store.tables.scenes.children('projectId', projectId)) {
    for (const version of store.tables.sceneVersions.children('sceneId', scene.key)) {
      for (const object of store.tables.dynamicObjects.children('versionId', version.key)) ids.add(String(object.record.sdkId));
    }
  }
  return ids;
}

/**
 * Business rules the schema cannot state: sequence numbers are unique, each step type has what it needs, and
 * the objects and question sets it names exist in the project. 400 naming the failing field.
 */
function checkComponents(store: Store, projectId: number, components: ComponentInput[]): void {
  const objectIds = projectObjectIds(store, projectId);
  const seen = new Set<number>();
  components.forEach((component, index) => {
    const field = (name: string) => `/objectiveComponents/${index}/${name}`;
    if (seen.has(component.sequenceNumber)) fail(400, `sequenceNumber ${component.sequenceNumber} is used twice`, field('sequenceNumber'));
    seen.add(component.sequenceNumber);
    switch (component.type) {
      case 'eventstep':
        if (!component.eventName) fail(400, 'An eventstep needs an eventName', field('eventName'));
        break;
      case 'gazestep':
      case 'fixationstep': {
        const ids: string[] = component.dynamicObjectIds ?? [];
        if (ids.length === 0) fail(400, `A ${component.type} needs at least one dynamic object id`, field('dynamicObjectIds'));
        const unknown = ids.find((id) => !objectIds.has(id));
        if (unknown !== undefined) fail(400, `No dynamic object with sdkId ${unknown} in this project`, field('dynamicObjectIds'));
        break;
      }
      case 'exitpollstep': {
        const setId = component.exitpollQuestionSetId;
        if (!setId) fail(400, 'An exitpollstep needs an exitpollQuestionSetId', field('exitpollQuestionSetId'));
        if (!store.tables.questionSets.get(`${projectId}/${setId}`)) fail(400, `No question set ${setId} in this project`, field('exitpollQuestionSetId'));
        break;
      }
    }
  });
}

function maxId(store: Store, ids: (version: JsonRecord) => number[]): number {
  let highest = 0;
  for (const objective of store.tables.objectives.all()) for (const version of versionsOf(objective)) for (const id of ids(version)) highest = Math.max(highest, id);
  return highest;
}

/** A new objective version from the request's components, with server-assigned ids and every field present. */
function newVersion(store: Store, body: { saveToSession?: boolean; propertyLabel?: string | null; objectiveComponents: ComponentInput[] }): JsonRecord {
  const id = maxId(store, (version) => [version.id as number]) + 1;
  let componentId = maxId(store, (version) => ((version.objectiveComponents as JsonRecord[] | undefined) ?? []).map((component) => Number(component.id ?? 0)));
  const objectiveComponents = [...body.objectiveComponents]
    .sort((a, b) => a.sequenceNumber - b.sequenceNumber)
    .map((input) => ({
      id: ++componentId,
      sequenceNumber: input.sequenceNumber,
      type: input.type,
      name: input.name ?? null,
      isStep: input.isStep ?? true,
      isStrict: input.isStrict ?? false,
      isNonSequential: input.isNonSequential ?? false,
      eventName: input.eventName ?? null,
      occurrenceOperator: input.occurrenceOperator ?? null,
      occurrenceValue: input.occurrenceValue ?? null,
      dynamicObjectIds: input.dynamicObjectIds ?? [],
      durationOperator: input.durationOperator ?? null,
      durationValue: input.durationValue ?? null,
      exitpollQuestionSetId: input.exitpollQuestionSetId ?? null,
      clusterIndex: input.clusterIndex ?? null,
      answerOperator: input.answerOperator ?? null,
      answerValue: input.answerValue ?? null,
      propertyConditions: input.propertyConditions ?? [],
    }));
  return { id, isActive: true, saveToSession: body.saveToSession ?? false, propertyLabel: body.propertyLabel ?? null, criteria: null, objectiveComponents };
}

/** Objectives and their versions: list, read, create, publish a new version, delete. */
export const objectiveHandlers: Handlers = {
  listProjectObjectives: ({ store, target }) => ok(store.tables.objectives.children('projectId', target!.project!.key).map((row) => row.record)),

  getProjectObjective: ({ store, target, path }) => ok(objectiveOf(store, target!.project!.key as number, path.objectiveId).record),

  getVersionObjective: ({ store, target, path }) => ok(objectiveOf(store, target!.project!.key as number, path.objectiveId).record),

  createObjective: ({ store, target, body, now, auditTarget }) => {
    const projectId = target!.project!.key as number;
    const sceneVersion = target!.version!;
    checkComponents(store, projectId, body.objectiveComponents);
    const id = store.tables.objectives.nextKey();
    const row = store.tables.objectives.insert({
      id,
      name: body.name,
      description: body.description ?? null,
      projectId,
      enabled: body.enabled ?? true,
      sceneVersionId: sceneVersion.key,
      sceneId: sceneVersion.record.sceneId,
      createdAt: now,
      updatedAt: now,
      objectiveVersions: [newVersion(store, body)],
    });
    auditTarget('objective', id);
    return ok(row.record);
  },

  createObjectiveVersion: ({ store, target, path, body, now, auditTarget }) => {
    const projectId = target!.project!.key as number;
    const objective = objectiveOf(store, projectId, path.objectiveId);
    checkComponents(store, projectId, body.objectiveComponents);
    const added = newVersion(store, body);
    const objectiveVersions = [...versionsOf(objective).map((version) => ({ ...version, isActive: false })), added];
    const row = store.tables.objectives.update(objective.key, { record: { objectiveVersions, updatedAt: now } });
    auditTarget('objective', objective.key);
    return ok(row.record);
  },

  deleteObjective: ({ store, target, path, auditTarget }) => {
    const objective = objectiveOf(store, target!.project!.key as number, path.objectiveId);
    store.tables.objectives.delete(objective.key);
    auditTarget('objective', objective.key);
    return noContent();
  },
};
