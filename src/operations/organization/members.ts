import { fail } from '../../http/errors.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { components } from '../../generated/api.ts';
import { referencedRow } from '../shared/references.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementation, Implementations, OperationContext, OperationId } from '../shared/types.ts';

type MemberScope = 'organization' | 'project';

/** The operations each member operation serves, on an organization and on a project. */
interface MemberOperationIds {
  list: 'listOrganizationMembers' | 'listProjectMembers';
  add: 'addOrganizationMember' | 'addProjectMember';
  update: 'updateOrganizationMember' | 'updateProjectMember';
  remove: 'removeOrganizationMember' | 'removeProjectMember';
}
type MemberOperationId = MemberOperationIds[keyof MemberOperationIds];

/**
 * An implementation of several operations (of the same answers): `Implementation<A | B>` itself would be compared with
 * `Implementation<A>` by its type argument, and refused; this one is compared by what it takes and returns.
 */
type SharedImplementation<Ids extends OperationId> = (
  context: OperationContext<Ids>,
) => ReturnType<Implementation<Ids>>;

/**
 * A role assignment held directly on a scope, with its user's fields (the `Member` schema). `scopeType` is the
 * assignment's own (it was found by its `scope`, which is made of it), as the member operations know it.
 */
function memberView(
  store: Store,
  assignment: TableRow<'roleAssignments'>,
  scopeType: MemberScope,
): components['schemas']['Member'] {
  const user = referencedRow(store.tables.users, assignment.record.userId);
  const { scopeId, role } = assignment.record;
  const createdAt = assignment.record.createdAt ?? user.record.createdAt ?? 0;
  return {
    userId: user.key,
    email: user.record.email,
    firstName: user.record.firstName,
    lastName: user.record.lastName,
    role,
    scopeType,
    scopeId,
    createdAt,
  };
}

/** The member operations of one scope type; the scope is the operation's target. */
function scopedMemberOperations(scopeType: MemberScope): {
  [Name in keyof MemberOperationIds]: SharedImplementation<MemberOperationIds[Name]>;
} {
  const scopeOf = ({ target }: OperationContext<MemberOperationId>) => {
    // The operations of a scope type are located at that level: an organization's have no project.
    const scopeRow = target[scopeType];
    if (!scopeRow) throw new Error(`A ${scopeType} member operation was located without its ${scopeType}`);
    const scopeId = scopeRow.key;
    return { scopeId, scope: `${scopeType}:${scopeId}` };
  };
  const assignmentsOn = (store: Store, scope: string) => store.tables.roleAssignments.children('scope', scope);
  const findMember = (
    context: OperationContext<MemberOperationIds['update' | 'remove']>,
    scope: string,
  ): TableRow<'roleAssignments'> => {
    const assignment = assignmentsOn(context.store, scope).find((row) => row.record.userId === context.path.userId);
    return assignment ?? fail(404, `User ${context.path.userId} holds no role on this ${scopeType}`);
  };

  return {
    list: (context) => {
      const { scope } = scopeOf(context);
      const assignments = assignmentsOn(context.store, scope).sort(
        (a, b) => Number(a.record.userId) - Number(b.record.userId),
      );
      return ok(assignments.map((assignment) => memberView(context.store, assignment, scopeType)));
    },

    add: (context) => {
      const { store, body, now } = context;
      const { scopeId, scope } = scopeOf(context);
      const user =
        store.tables.users.findUnique('email', String(body.email).toLowerCase()) ??
        fail(404, 'No user has this email', '/email');
      if (assignmentsOn(store, scope).some((row) => row.record.userId === user.key)) {
        fail(
          400,
          `${user.record.email} already holds a role on this ${scopeType}: change it with PUT instead`,
          '/email',
        );
      }
      const table = store.tables.roleAssignments;
      const assignment = table.insert(
        { id: table.nextKey(), userId: user.key, scopeType, scopeId, role: body.role, createdAt: now },
        { scope },
      );
      context.auditTarget('member', user.key);
      return ok(memberView(store, assignment, scopeType));
    },

    update: (context) => {
      const assignment = findMember(context, scopeOf(context).scope);
      context.store.tables.roleAssignments.update(assignment.key, { record: { role: context.body.role } });
      context.auditTarget('member', context.path.userId);
      return ok(memberView(context.store, assignment, scopeType));
    },

    remove: (context) => {
      const assignment = findMember(context, scopeOf(context).scope);
      context.store.tables.roleAssignments.delete(assignment.key);
      context.auditTarget('member', context.path.userId);
      return noContent();
    },
  };
}

const organization = scopedMemberOperations('organization');
const project = scopedMemberOperations('project');

/** Members and their roles, held directly on an organization or a project. */
export const memberOperations = {
  listOrganizationMembers: organization.list,
  addOrganizationMember: organization.add,
  updateOrganizationMember: organization.update,
  removeOrganizationMember: organization.remove,
  listProjectMembers: project.list,
  addProjectMember: project.add,
  updateProjectMember: project.update,
  removeProjectMember: project.remove,
} satisfies Implementations;
