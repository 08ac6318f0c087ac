import type { Answer } from '../../model.ts';
import type { FlowContext } from './context.ts';
import { api, expectStatus, type Flow } from './flow.ts';
import { keepsNew, life, listedIn } from './life.ts';
import { tenantOf } from '../../principals.ts';

type MemberState = { userId?: number };

/**
 * A membership's life in the admin's organization, given to a user of the tenant with no role: added as an
 * observer, made a member, seen in the list, removed, unlisted.
 */
export function memberFlow({ file, admin, outsider, present }: FlowContext): Flow<MemberState> | undefined {
  if (
    !admin ||
    !outsider ||
    !('email' in outsider.credential) ||
    !present('addOrganizationMember', 'updateOrganizationMember', 'listOrganizationMembers', 'removeOrganizationMember')
  )
    return undefined;
  const { email } = outsider.credential;
  const members = `/organizations/${tenantOf(file, admin).organizationId}/members`;
  const listed = (answer: Answer) => listedIn(answer, 'email', email);
  return life<MemberState>({
    name: 'member life',
    rule: 'flows.members',
    principal: admin.name,
    create: {
      title: `add ${email} as an observer`,
      operationId: 'addOrganizationMember',
      request: () => api.post(members, { email, role: 'observer' }),
      check: keepsNew('userId'),
    },
    uses: [
      {
        title: 'make them a member',
        operationId: 'updateOrganizationMember',
        request: (s) => api.put(`${members}/${s.userId}`, { role: 'member' }),
        check: (answer) => expectStatus(answer, 200),
      },
      {
        title: 'the list shows the new role',
        operationId: 'listOrganizationMembers',
        request: () => api.get(members),
        check: (answer) =>
          expectStatus(answer, 200) ??
          (listed(answer)?.role === 'member'
            ? undefined
            : `expected ${email} listed as member, got ${JSON.stringify(listed(answer))}`),
      },
    ],
    remove: {
      title: 'remove them',
      operationId: 'removeOrganizationMember',
      request: (s) => api.delete(`${members}/${s.userId}`),
    },
    gone: {
      title: 'they are no longer listed',
      operationId: 'listOrganizationMembers',
      request: () => api.get(members),
      check: (answer) => expectStatus(answer, 200) ?? (listed(answer) ? `${email} is still listed` : undefined),
    },
  });
}
