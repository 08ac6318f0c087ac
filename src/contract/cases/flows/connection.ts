import type { Answer } from '../../model.ts';
import type { FlowContext } from './context.ts';
import { api, expectStatus, type Flow } from './flow.ts';
import { keepsNew, life, listedIn } from './life.ts';
import { tenantOf } from '../../principals.ts';

type ConnectionState = { id?: number };

const secret = 'c3d-contract-secret';

/**
 * A webhook connection's life in the admin's organization, seen through the list; its settings hold a secret,
 * which no answer may show.
 */
export function connectionFlow({ file, admin, present }: FlowContext): Flow<ConnectionState> | undefined {
  if (!admin || !present('createOrganizationConnection', 'listOrganizationConnections', 'deleteOrganizationConnection'))
    return undefined;
  const connections = `/organizations/${tenantOf(file, admin).organizationId}/connections`;
  const listed = (answer: Answer, s: ConnectionState) => listedIn(answer, 'id', s.id);
  return life<ConnectionState>({
    name: 'connection life',
    rule: 'flows.connections',
    principal: admin.name,
    create: {
      title: 'create a webhook connection',
      operationId: 'createOrganizationConnection',
      request: () =>
        api.post(connections, {
          provider: 'webhook',
          name: 'c3d contract hook',
          settings: { url: 'https://hooks.example.com/c3d-contract', secret },
        }),
      check: (answer, s) => {
        const created = keepsNew('id')(answer, s);
        return answer.text.includes(secret) ? 'the answer shows the secret settings' : created;
      },
    },
    uses: [
      {
        title: 'it is listed, without its settings',
        operationId: 'listOrganizationConnections',
        request: () => api.get(connections),
        check: (answer, s) =>
          expectStatus(answer, 200) ??
          (!listed(answer, s)
            ? 'not listed'
            : answer.text.includes(secret)
              ? 'the list shows the secret settings'
              : undefined),
      },
    ],
    remove: { operationId: 'deleteOrganizationConnection', request: (s) => api.delete(`${connections}/${s.id}`) },
    gone: {
      title: 'it is no longer listed',
      operationId: 'listOrganizationConnections',
      request: () => api.get(connections),
      check: (answer, s) => expectStatus(answer, 200) ?? (listed(answer, s) ? 'still listed' : undefined),
    },
  });
}
