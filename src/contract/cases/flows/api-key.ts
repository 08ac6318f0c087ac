import { isRecord, stringAt } from '../../../guards.ts';
import type { FlowContext } from './context.ts';
import { api, expectStatus, type Flow } from './flow.ts';
import { life } from './life.ts';
import { tenantOf } from '../../principals.ts';

type ApiKeyState = { id?: unknown; secret?: string; revoked?: boolean };

/**
 * An organization API key's life: created by the admin (its secret answered once), used, revoked, and
 * refused from its next request. It stays listed as revoked: the API has no route to delete a key.
 */
export function apiKeyFlow({ file, admin, present }: FlowContext): Flow<ApiKeyState> | undefined {
  if (!admin || !present('createOrganizationApiKey', 'revokeOrganizationApiKey', 'getProject')) return undefined;
  const { organizationId, projectId } = tenantOf(file, admin);
  // The create step checks that the secret came back before any step sends it.
  const withTheKey = (s: ApiKeyState): Record<string, string> =>
    s.secret === undefined ? {} : { authorization: s.secret };
  return life<ApiKeyState>({
    name: 'API key life',
    rule: 'flows.api-keys',
    principal: admin.name,
    // A key that could not be revoked is reported as its failed cleanup step.
    leaves: (s) =>
      s.revoked
        ? `the revoked key "c3d contract key" (id ${s.id}) of organization ${organizationId}: ` +
          'the API has no route to delete a key, and revoked keys stay listed as revoked'
        : undefined,
    create: {
      title: 'create a read key',
      operationId: 'createOrganizationApiKey',
      request: () => api.post(`/organizations/${organizationId}/apiKeys`, { name: 'c3d contract key', access: 'read' }),
      check: (answer, s) => {
        s.id = isRecord(answer.body) ? answer.body.id : undefined;
        s.secret = stringAt(answer.body, 'secret');
        return (
          expectStatus(answer, 200, 201) ?? (typeof s.secret === 'string' ? undefined : 'the answer has no secret')
        );
      },
    },
    uses: [
      {
        title: 'the new key reads',
        operationId: 'getProject',
        headers: withTheKey,
        request: () => api.get(`/projects/${projectId}`),
        check: (answer) => expectStatus(answer, 200),
      },
    ],
    remove: {
      title: 'revoke it',
      operationId: 'revokeOrganizationApiKey',
      request: (s) => api.delete(`/organizations/${organizationId}/apiKeys/${s.id}`),
      check: (answer, s) => {
        s.revoked = answer.status === 200 || answer.status === 204;
        return expectStatus(answer, 200, 204);
      },
    },
    gone: {
      title: 'the revoked key is refused on its next request',
      rule: 'credentials.revoked',
      operationId: 'getProject',
      headers: withTheKey,
      request: () => api.get(`/projects/${projectId}`),
      check: (answer) => expectStatus(answer, 401),
    },
  });
}
