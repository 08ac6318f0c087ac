import { fail } from '../../http/errors.ts';
import type { Store, TableRecord, TableRow } from '../../store/store.ts';

export type ObjectiveVersion = TableRecord<'objectives'>['objectiveVersions'][number];

/** Finds an objective of a project; 404 when it does not exist or belongs to another project. */
export function objectiveOf(store: Store, projectId: number, objectiveId: number): TableRow<'objectives'> {
  const objective = store.tables.objectives.get(objectiveId);
  if (!objective || objective.record.projectId !== projectId) fail(404, 'Not found');
  return objective;
}

export const versionsOf = (objective: TableRow<'objectives'>) => objective.record.objectiveVersions;

export interface LocatedVersion {
  objective: TableRow<'objectives'>;
  version: ObjectiveVersion;
}

/** Every objective version of a project, with its objective, in objective then version order. */
export const projectVersions = (store: Store, projectId: number): LocatedVersion[] =>
  store.tables.objectives
    .children('projectId', projectId)
    .flatMap((objective) => versionsOf(objective).map((version) => ({ objective, version })));

/** Finds an objective version of a project, or undefined. */
export const findProjectVersion = (
  store: Store,
  projectId: number,
  objectiveVersionId: number,
): LocatedVersion | undefined =>
  projectVersions(store, projectId).find(({ version }) => version.id === objectiveVersionId);

/** Finds an objective version of a project; 404 when it is not in that project. */
export function projectVersionOf(store: Store, projectId: number, objectiveVersionId: number): LocatedVersion {
  return findProjectVersion(store, projectId, objectiveVersionId) ?? fail(404, 'Not found');
}

/** The active version of an objective (the last one when none is marked active). */
export const activeVersion = (objective: TableRow<'objectives'>): ObjectiveVersion | undefined => {
  const versions = versionsOf(objective);
  return versions.find((version) => version.isActive) ?? versions.at(-1);
};
