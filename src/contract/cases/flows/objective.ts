import { arrayAt } from '../../../guards.ts';
import type { FlowContext } from './context.ts';
import { api, expectStatus, type Flow } from './flow.ts';
import { life } from './life.ts';
import { tenantOf } from '../../principals.ts';

type ObjectiveState = { id?: number };

/** An objective's life on the writer's scene version: created, given a second version, both read back, deleted, gone. */
export function objectiveFlow({ file, writer, present }: FlowContext): Flow<ObjectiveState> | undefined {
  if (!writer) return undefined;
  const { versionId } = tenantOf(file, writer);
  if (
    versionId === undefined ||
    !present('createObjective', 'getVersionObjective', 'createObjectiveVersion', 'deleteObjective')
  )
    return undefined;
  const objectives = `/versions/${versionId}/objectives`;
  const objective = (s: ObjectiveState) => `${objectives}/${s.id}`;
  const component = {
    sequenceNumber: 1,
    type: 'eventstep',
    name: 'c3d contract step',
    eventName: 'c3d.sessionStart',
    occurrenceOperator: 'gte',
    occurrenceValue: 1,
  };
  return life<ObjectiveState>({
    name: 'objective life',
    rule: 'flows.objectives',
    principal: writer.name,
    create: {
      title: 'create an objective',
      operationId: 'createObjective',
      request: () =>
        api.post(objectives, {
          name: 'c3d contract goal',
          description: 'Created by the contract suite',
          enabled: true,
          objectiveComponents: [component],
        }),
    },
    uses: [
      {
        title: 'add a version',
        operationId: 'createObjectiveVersion',
        request: (s) =>
          api.post(`${objective(s)}/versions`, {
            objectiveComponents: [component, { ...component, sequenceNumber: 2, name: 'c3d contract step 2' }],
          }),
        check: (answer) => expectStatus(answer, 200, 201),
      },
      {
        title: 'read both versions back',
        operationId: 'getVersionObjective',
        request: (s) => api.get(objective(s)),
        check: (answer) =>
          expectStatus(answer, 200) ??
          ((arrayAt(answer.body, 'objectiveVersions')?.length ?? 0) === 2
            ? undefined
            : 'expected two objective versions'),
      },
    ],
    remove: { operationId: 'deleteObjective', request: (s) => api.delete(objective(s)) },
    gone: { operationId: 'getVersionObjective', request: (s) => api.get(objective(s)) },
  });
}
