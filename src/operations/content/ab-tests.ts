import { fail } from '../../http/errors.ts';
import type { Store, TableRecord } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { referencedRow } from '../shared/references.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { records } from '../shared/views.ts';
import { findInProject, inProject } from './owned.ts';
import { valueFields, valueOfType, type ValueType } from './remote-values.ts';
import { refreshValidity, variableOf } from './remote-variables.ts';

interface VariantInput extends JsonRecord {
  probability: number;
}
type Variant = TableRecord<'abTests'>['abTestVariables'][number];

/** Variant ids are server-assigned and unique across every A/B test. */
function nextVariantId(store: Store): number {
  let highest = 0;
  for (const test of store.tables.abTests.all()) {
    for (const variant of test.record.abTestVariables) highest = Math.max(highest, Number(variant.id ?? 0));
  }
  return highest + 1;
}

/** The stored variants of a create or update body; 400 naming the field when a value is not of the variable's type. */
function variantsOf(store: Store, inputs: VariantInput[], type: ValueType): Variant[] {
  const values = inputs.map((input, index) => valueOfType(input, 'value', type, `/abTestVariables/${index}`));
  const firstId = nextVariantId(store);
  return inputs.map((input, index) => ({
    id: firstId + index,
    ...valueFields('value', type, values[index]),
    probability: input.probability,
  }));
}

/** The participants kept on the variable's own value plus every variant's share may not exceed everyone. */
function checkProbabilities(ownShare: number, variants: Variant[]): void {
  const total = variants.reduce((sum, variant) => sum + Number(variant.probability), ownShare);
  // A small tolerance, so thirds (33.33 + 33.33 + 33.34) add up to 100.
  if (total > 100 + 1e-9)
    fail(
      400,
      `remoteVariableProbability plus the variants' probabilities total ${total}, more than 100`,
      '/abTestVariables',
    );
}

const toBoolean = (value: unknown): boolean | undefined =>
  value === undefined ? undefined : value === true || value === 'true';

/** A/B tests over remote variables. */
export const abTestOperations = {
  listAbTests: ({ store, target }) => ok(records(inProject(store.tables.abTests, target.project.key))),

  createAbTest: ({ store, target, body, auditTarget }) => {
    const projectId = target.project.key;
    const variable = variableOf(store, projectId, body.remoteVariableId);
    const variants = variantsOf(store, body.abTestVariables, variable.record.type);
    checkProbabilities(body.remoteVariableProbability, variants);
    const table = store.tables.abTests;
    const id = table.nextKey();
    const row = table.insert({
      id,
      projectId,
      name: body.name,
      remoteVariableId: variable.key,
      remoteVariableProbability: body.remoteVariableProbability,
      isEnabled: body.isEnabled ?? true,
      isSticky: toBoolean(body.isSticky) ?? false,
      abTestVariables: variants,
    });
    refreshValidity(store, variable.key);
    auditTarget('abTest', id);
    return ok(row.record);
  },

  getAbTest: ({ store, target, path }) =>
    ok(findInProject(store.tables.abTests, path.abTestId, target.project.key).record),

  updateAbTest: ({ store, target, path, body, auditTarget }) => {
    const table = store.tables.abTests;
    const test = findInProject(table, path.abTestId, target.project.key);
    // No operation deletes a remote variable on its own, so the one a test names is there.
    const type = referencedRow(store.tables.remoteVariables, test.record.remoteVariableId).record.type;
    const variants =
      body.abTestVariables === undefined ? test.record.abTestVariables : variantsOf(store, body.abTestVariables, type);
    checkProbabilities(body.remoteVariableProbability ?? test.record.remoteVariableProbability, variants);
    const change: JsonRecord = { abTestVariables: variants };
    for (const field of ['name', 'remoteVariableProbability', 'isEnabled'] as const)
      if (body[field] !== undefined) change[field] = body[field];
    if (body.isSticky !== undefined) change.isSticky = toBoolean(body.isSticky);
    const row = table.update(test.key, { record: change });
    refreshValidity(store, test.record.remoteVariableId);
    auditTarget('abTest', test.key);
    return ok(row.record);
  },

  deleteAbTest: ({ store, target, path, auditTarget }) => {
    const test = findInProject(store.tables.abTests, path.abTestId, target.project.key);
    store.tables.abTests.delete(test.key);
    refreshValidity(store, test.record.remoteVariableId);
    auditTarget('abTest', test.key);
    return noContent();
  },
} satisfies Implementations;
