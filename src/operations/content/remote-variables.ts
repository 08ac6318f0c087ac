import { fail } from '../../http/errors.ts';
import type { Store } from '../../store/store.ts';
import type { JsonRecord, Key, Row } from '../../store/table.ts';
import { referencedRow } from '../shared/references.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { records } from '../shared/views.ts';
import { findInProject, inProject } from './owned.ts';
import { givenValues, valueFields, valueOfType } from './remote-values.ts';

type RemoteVariableRow = NonNullable<ReturnType<Store['tables']['remoteVariables']['get']>>;

/** The remote variable a body names, which must be of this project (400 naming the field otherwise). */
export function variableOf(store: Store, projectId: Key, variableId: number): RemoteVariableRow {
  const variable = store.tables.remoteVariables.get(variableId);
  if (!variable || variable.record.projectId !== projectId)
    return fail(400, `remoteVariableId ${variableId} is not a remote variable of this project`, '/remoteVariableId');
  return variable;
}

/**
 * `valid` says whether the SDK is served the variable: true while an enabled remote configuration or an enabled
 * A/B test uses it. Recomputed after every write to either.
 */
export function refreshValidity(store: Store, variableId: Key): void {
  const variable = store.tables.remoteVariables.get(variableId);
  if (!variable) return;
  const projectId = variable.record.projectId;
  const uses = (rows: Row[], flag: string) =>
    rows.some((row) => row.record.remoteVariableId === variableId && row.record[flag] === true);
  const valid =
    uses(inProject(store.tables.remoteConfigurations, projectId), 'enabled') ||
    uses(inProject(store.tables.abTests, projectId), 'isEnabled');
  if (variable.record.valid !== valid) store.tables.remoteVariables.update(variableId, { record: { valid } });
}

function refuseTakenName(store: Store, projectId: Key, name: string, except?: Key): void {
  const taken = inProject(store.tables.remoteVariables, projectId).some(
    (row) => row.record.name === name && row.key !== except,
  );
  if (taken) fail(400, `A remote variable named ${JSON.stringify(name)} already exists in this project`, '/name');
}

/** Remote variables and their remote configurations (named overrides). A/B tests are in ab-tests.ts. */
export const remoteVariableOperations = {
  listRemoteVariables: ({ store, target }) => ok(records(inProject(store.tables.remoteVariables, target.project.key))),

  createRemoteVariable: ({ store, target, body, auditTarget }) => {
    const projectId = target.project.key;
    refuseTakenName(store, projectId, body.name);
    // The schema admits exactly one value field; it sets the type for good.
    const [given] = givenValues(body, 'value');
    if (!given) throw new Error('A remote variable was validated without a value field');
    const table = store.tables.remoteVariables;
    const id = table.nextKey();
    const row = table.insert({
      id,
      projectId,
      name: body.name,
      type: given.type,
      ...valueFields('value', given.type, given.value),
      valid: false,
    });
    auditTarget('remoteVariable', id);
    return ok(row.record);
  },

  getRemoteVariable: ({ store, target, path }) =>
    ok(findInProject(store.tables.remoteVariables, path.remoteVariableId, target.project.key).record),

  updateRemoteVariable: ({ store, target, path, body, auditTarget }) => {
    const projectId = target.project.key;
    const variable = findInProject(store.tables.remoteVariables, path.remoteVariableId, projectId);
    const type = variable.record.type;
    const value = valueOfType(body, 'value', type);
    if (body.name !== undefined) refuseTakenName(store, projectId, body.name, variable.key);
    const change: JsonRecord = {};
    if (body.name !== undefined) change.name = body.name;
    if (value !== undefined) Object.assign(change, valueFields('value', type, value));
    auditTarget('remoteVariable', variable.key);
    return ok(store.tables.remoteVariables.update(variable.key, { record: change }).record);
  },

  listRemoteConfigurations: ({ store, target }) =>
    ok(records(inProject(store.tables.remoteConfigurations, target.project.key))),

  createRemoteConfiguration: ({ store, target, body, auditTarget }) => {
    const projectId = target.project.key;
    const variable = variableOf(store, projectId, body.remoteVariableId);
    const type = variable.record.type;
    const value = valueOfType(body, 'overrideValue', type);
    const table = store.tables.remoteConfigurations;
    const id = table.nextKey();
    const row = table.insert({
      id,
      projectId,
      name: body.name,
      description: body.description ?? '',
      remoteVariableId: variable.key,
      enabled: body.enabled ?? true,
      ...valueFields('overrideValue', type, value),
    });
    refreshValidity(store, variable.key);
    auditTarget('remoteConfiguration', id);
    return ok(row.record);
  },

  updateRemoteConfiguration: ({ store, target, path, body, auditTarget }) => {
    const table = store.tables.remoteConfigurations;
    const configuration = findInProject(table, path.remoteConfigurationId, target.project.key);
    // No operation deletes a remote variable on its own, so the one a configuration names is there.
    const type = referencedRow(store.tables.remoteVariables, configuration.record.remoteVariableId).record.type;
    const value = valueOfType(body, 'overrideValue', type);
    const change: JsonRecord = {};
    for (const field of ['name', 'description', 'enabled'] as const)
      if (body[field] !== undefined) change[field] = body[field];
    if (value !== undefined) Object.assign(change, valueFields('overrideValue', type, value));
    const row = table.update(configuration.key, { record: change });
    refreshValidity(store, configuration.record.remoteVariableId);
    auditTarget('remoteConfiguration', configuration.key);
    return ok(row.record);
  },

  deleteRemoteConfiguration: ({ store, target, path, auditTarget }) => {
    const configuration = findInProject(
      store.tables.remoteConfigurations,
      path.remoteConfigurationId,
      target.project.key,
    );
    store.tables.remoteConfigurations.delete(configuration.key);
    refreshValidity(store, configuration.record.remoteVariableId);
    auditTarget('remoteConfiguration', configuration.key);
    return noContent();
  },
} satisfies Implementations;
