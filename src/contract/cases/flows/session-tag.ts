import { arrayAt } from '../../../guards.ts';
import type { Answer, RequestSpec } from '../../model.ts';
import type { FlowContext } from './context.ts';
import { api, expectStatus, type Flow, takenBy } from './flow.ts';
import { tenantOf } from '../../principals.ts';

type SessionTagState = { was?: boolean };

/**
 * Tagging a session of the writer's tenant (the tenant's `sessionId` with its `tagName`): the session then
 * shows the tag; the tag is put back as it was.
 */
export function sessionTagFlow({ file, writer, present }: FlowContext): Flow<SessionTagState> | undefined {
  if (!writer || !present('updateSessionTag', 'queryProjectSession')) return undefined;
  const { projectId, sessionId, tagName } = tenantOf(file, writer);
  if (sessionId === undefined || tagName === undefined) return undefined;
  const tagged = (answer: Answer) => (arrayAt(answer.body, 'tags') ?? []).includes(String(tagName));
  const tag = (value: boolean): RequestSpec =>
    api.put(`/projects/${projectId}/sessions/${sessionId}/tags/${tagName}`, { value });
  const read = (): RequestSpec =>
    api.post('/datasets/sessions/singleProjectSessionQueries', {
      projectId,
      sessionId,
      attachSceneSessionData: false,
      includeObjectiveData: false,
    });
  const step = takenBy<SessionTagState>('flows.session-tags', writer.name);
  return {
    name: 'session tag',
    steps: [
      step({
        title: 'read the session, to restore its tag afterwards',
        operationId: 'queryProjectSession',
        request: read,
        check: (answer, s) => {
          s.was = tagged(answer);
          return expectStatus(answer, 200);
        },
      }),
      step({
        title: `tag it ${tagName}`,
        operationId: 'updateSessionTag',
        request: () => tag(true),
        check: (answer) => expectStatus(answer, 200),
      }),
      step({
        title: 'the session shows the tag',
        operationId: 'queryProjectSession',
        request: read,
        check: (answer) =>
          expectStatus(answer, 200) ?? (tagged(answer) ? undefined : `the session's tags lack ${tagName}`),
      }),
      step({
        title: 'restore the tag as it was',
        operationId: 'updateSessionTag',
        cleanup: true,
        request: (s) => tag(s.was === true),
        check: (answer) => expectStatus(answer, 200),
      }),
    ],
  };
}
