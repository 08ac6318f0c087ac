import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/api.ts';
import type { Store } from '../../store/store.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { objectiveOf, versionsOf, type ObjectiveVersion } from './lookup.ts';

type Schemas = components['schemas'];
type ComponentInput = Schemas['ObjectiveComponentInput'];
type ExitPollStepInput = Schemas['ObjectiveExitPollStepInput'];
type Component = Schemas['ObjectiveComponent'];
type VersionBody = Pick<Schemas['ObjectiveVersionCreate'], 'saveToSession' | 'propertyLabel' | 'objectiveComponents'>;

/** The SDK ids of every dynamic object uploaded to any scene version of a project. */
function projectObjectIds(store: Store, projectId: number): Set<string> {
  const ids = new Set<string>();
  for (const scene of store.tables.scenes.children('projectId', projectId)) {
    for (const version of store.tables.sceneVersions.children('sceneId', scene.key)) {
      for (const object of store.tables.dynamicObjects.children('versionId', version.key))
        ids.add(String(object.record.sdkId));
    }
  }
  return ids;
}

/**
 * An exitpoll step's set must be the project's, `clusterIndex` one of its questions, and `answerValue` an answer
 * that question can have: 0 or 1 (BOOLEAN, HAPPYSAD, THUMBS), an answer index (MULTIPLE), a number of the range
 * (SCALE). A VOICE answer cannot be compared.
 */
function checkExitPollStep(
  store: Store,
  projectId: number,
  component: ExitPollStepInput,
  field: (name: string) => string,
): void {
  const setId = component.exitpollQuestionSetId;
  const set = store.tables.questionSets.get(`${projectId}/${setId}`);
  if (!set) fail(400, `No question set ${setId} in this project`, field('exitpollQuestionSetId'));
  const questions = set.record.questions;
  const index = component.clusterIndex;
  const question = questions[index];
  if (!question)
    fail(
      400,
      `clusterIndex ${index} is not a question of ${setId}, which has ${questions.length} questions`,
      field('clusterIndex'),
    );
  const value = component.answerValue;
  const invalid = (expected: string) =>
    fail(
      400,
      `answerValue ${value} is not an answer of question ${index} of ${setId} (${question.type}): expected ${expected}`,
      field('answerValue'),
    );
  switch (question.type) {
    case 'BOOLEAN':
    case 'HAPPYSAD':
    case 'THUMBS':
      if (value !== 0 && value !== 1) invalid('0 or 1');
      break;
    case 'MULTIPLE': {
      const count = question.answers?.length ?? 0;
      if (!Number.isInteger(value) || value < 0 || value >= count) invalid(`an answer index from 0 to ${count - 1}`);
      break;
    }
    case 'SCALE': {
      const range = question.range;
      if (range?.start !== undefined && range.end !== undefined && (value < range.start || value > range.end))
        invalid(`a number from ${range.start} to ${range.end}`);
      break;
    }
    default:
      fail(
        400,
        `Question ${index} of ${setId} is a ${question.type} question, whose answers cannot be compared`,
        field('clusterIndex'),
      );
  }
}

/**
 * Business rules the schema cannot state: sequence numbers are unique, and the objects, question sets and
 * questions a step names exist in the project. 400 naming the failing field.
 */
function checkComponents(store: Store, projectId: number, components: ComponentInput[]): void {
  const objectIds = projectObjectIds(store, projectId);
  const seen = new Set<number>();
  components.forEach((component, index) => {
    const field = (name: string) => `/objectiveComponents/${index}/${name}`;
    if (seen.has(component.sequenceNumber))
      fail(400, `sequenceNumber ${component.sequenceNumber} is used twice`, field('sequenceNumber'));
    seen.add(component.sequenceNumber);
    switch (component.type) {
      case 'eventstep':
        break;
      case 'exitpollstep':
        checkExitPollStep(store, projectId, component, field);
        break;
      default: {
        const unknown = component.dynamicObjectIds.find((id) => !objectIds.has(id));
        if (unknown !== undefined)
          fail(400, `No dynamic object with sdkId ${unknown} in this project`, field('dynamicObjectIds'));
      }
    }
  });
}

/** A stored component: the common fields and those of its type, with the defaults of the omitted operators and values. */
function storedComponent(input: ComponentInput, id: number): Component {
  const common = {
    id,
    sequenceNumber: input.sequenceNumber,
    name: input.name ?? null,
    isStep: input.isStep ?? true,
    isStrict: input.isStrict ?? false,
    isNonSequential: input.isNonSequential ?? false,
  };
  const propertyConditions = input.propertyConditions ?? [];
  switch (input.type) {
    case 'eventstep':
      return {
        ...common,
        type: input.type,
        eventName: input.eventName,
        occurrenceOperator: input.occurrenceOperator ?? 'gte',
        occurrenceValue: input.occurrenceValue ?? 1,
        propertyConditions,
      };
    case 'exitpollstep':
      return {
        ...common,
        type: input.type,
        exitpollQuestionSetId: input.exitpollQuestionSetId,
        clusterIndex: input.clusterIndex,
        answerOperator: input.answerOperator ?? 'eq',
        answerValue: input.answerValue,
        propertyConditions,
      };
    default:
      return {
        ...common,
        type: input.type,
        dynamicObjectIds: input.dynamicObjectIds,
        durationOperator: input.durationOperator ?? 'gte',
        durationValue: input.durationValue ?? 0,
        propertyConditions,
      };
  }
}

function maxId(store: Store, ids: (version: ObjectiveVersion) => number[]): number {
  let highest = 0;
  for (const objective of store.tables.objectives.all())
    for (const version of versionsOf(objective)) for (const id of ids(version)) highest = Math.max(highest, id);
  return highest;
}

/** A new objective version from the request's components, with server-assigned ids. */
function newVersion(store: Store, body: VersionBody): ObjectiveVersion {
  const id = maxId(store, (version) => [version.id]) + 1;
  let componentId = maxId(store, (version) =>
    version.objectiveComponents.map((component) => Number(component.id ?? 0)),
  );
  const objectiveComponents = [...body.objectiveComponents]
    .sort((a, b) => a.sequenceNumber - b.sequenceNumber)
    .map((input) => storedComponent(input, ++componentId));
  return {
    id,
    isActive: true,
    saveToSession: body.saveToSession ?? false,
    propertyLabel: body.propertyLabel ?? null,
    criteria: null,
    objectiveComponents,
  };
}

/** Objectives and their versions: list, read, create, publish a new version, delete. */
export const objectiveOperations = {
  listProjectObjectives: ({ store, target }) =>
    ok(store.tables.objectives.children('projectId', target.project.key).map((row) => row.record)),

  getProjectObjective: ({ store, target, path }) => ok(objectiveOf(store, target.project.key, path.objectiveId).record),

  getVersionObjective: ({ store, target, path }) => ok(objectiveOf(store, target.project.key, path.objectiveId).record),

  createObjective: ({ store, target, body, now, auditTarget }) => {
    const projectId = target.project.key;
    const sceneVersion = target.version;
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
    const projectId = target.project.key;
    const objective = objectiveOf(store, projectId, path.objectiveId);
    checkComponents(store, projectId, body.objectiveComponents);
    const added = newVersion(store, body);
    const objectiveVersions = [...versionsOf(objective).map((version) => ({ ...version, isActive: false })), added];
    const row = store.tables.objectives.update(objective.key, { record: { objectiveVersions, updatedAt: now } });
    auditTarget('objective', objective.key);
    return ok(row.record);
  },

  deleteObjective: ({ store, target, path, auditTarget }) => {
    const objective = objectiveOf(store, target.project.key, path.objectiveId);
    store.tables.objectives.delete(objective.key);
    auditTarget('objective', objective.key);
    return noContent();
  },
} satisfies Implementations;
