import type { Store, TableRow } from '../../store/store.ts';
import type { components } from '../../generated/data.ts';
import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { percentile } from './hash.ts';

type RemoteControlItem = components['schemas']['RemoteControlItem'];

interface Values {
  valueInt?: number | null;
  valueString?: string | null;
  valueBoolean?: boolean | null;
}

/** The data host's item: the type named as the SDKs read it (`bool`), and only the value field of that type set. */
function item(
  name: string,
  description: string | null | undefined,
  variable: TableRow<'remoteVariables'>,
  values: Values,
): RemoteControlItem {
  const type = variable.record.type === 'boolean' ? 'bool' : variable.record.type;
  return {
    name,
    description: description ?? null,
    remoteVariableName: variable.record.name,
    type,
    valueInt: type === 'int' ? (values.valueInt ?? null) : null,
    valueString: type === 'string' ? (values.valueString ?? null) : null,
    valueBool: type === 'bool' ? (values.valueBoolean ?? null) : null,
  };
}

const variableOf = (store: Store, projectId: number, id: number) => {
  const variable = store.tables.remoteVariables.get(id);
  return variable?.record.projectId === projectId ? variable : undefined;
};

/**
 * The variant of an A/B test an identifier gets, or undefined when it keeps the variable's own value. The
 * identifier's percentile for the test is fixed, so the answer never changes for the same identifier.
 */
function variantFor(test: TableRow<'abTests'>, identifier: string): Values | undefined {
  const point = percentile(`${identifier}|abTest:${test.key}`);
  let bound = test.record.remoteVariableProbability;
  if (point < bound) return undefined;
  for (const variant of test.record.abTestVariables) {
    bound += variant.probability;
    if (point < bound) return variant;
  }
  return undefined;
}

/** Remote variables as the SDKs fetch them for one participant or device. */
export const remoteVariableOperations = {
  getRemoteControls: ({ store, target, query }) => {
    const projectId = target.project.key;
    const identifier = query.identifier;
    const abTests: RemoteControlItem[] = [];
    const assigned = new Set<unknown>();
    for (const test of store.tables.abTests.children('projectId', projectId)) {
      const variable = variableOf(store, projectId, test.record.remoteVariableId);
      const variant = test.record.isEnabled === true && variable ? variantFor(test, identifier) : undefined;
      if (!variant || !variable) continue;
      abTests.push(item(test.record.name, null, variable, variant));
      assigned.add(variable.key);
    }
    // A variable an A/B test sets takes precedence over a configuration of it.
    const remoteConfigurations = store.tables.remoteConfigurations
      .children('projectId', projectId)
      .filter(
        (configuration) =>
          configuration.record.enabled === true && !assigned.has(configuration.record.remoteVariableId),
      )
      .flatMap((configuration) => {
        const variable = variableOf(store, projectId, configuration.record.remoteVariableId);
        if (!variable) return [];
        const { overrideValueInt, overrideValueString, overrideValueBoolean } = configuration.record;
        return [
          item(configuration.record.name, configuration.record.description, variable, {
            valueInt: overrideValueInt,
            valueString: overrideValueString,
            valueBoolean: overrideValueBoolean,
          }),
        ];
      });
    return ok({ abTests, remoteConfigurations });
  },
} satisfies Implementations;
