import { createMock } from '../../src/core/mock.ts';

/*
 * Compile-time checks of `mock.db`: each line under `@ts-expect-error` must not compile, and `tsc --noEmit`
 * (part of `npm test`) fails with "unused directive" as soon as one does. Declarations, not tests: nothing
 * at run time could tell them apart (test/store/db.test.ts checks what the same mistakes do at run time).
 */
const mock = createMock();

// A field the project's schema does not name.
// @ts-expect-error nmae is no field of projects
export const misspelt = () => mock.db.projects.create({ organizationId: 101, nmae: 'Acme Onboarding' });

// A field of the wrong type.
// @ts-expect-error name is a string
export const wrongType = () => mock.db.projects.create({ organizationId: 101, name: 42 });

// A reference create cannot invent.
// @ts-expect-error organizationId is required
export const noParent = () => mock.db.projects.create({ name: 'Orphan' });

// A role's scope is a reference too; the ids create makes itself (a session's sessionId) need not be given.
// @ts-expect-error scopeId is required
export const noScope = () => mock.db.roleAssignments.create({ userId: 11, scopeType: 'project', role: 'admin' });
export const sessionIdMade = () => mock.db.sessions.create({ projectId: 1001 });

// A derived internal field: the store computes it.
export const derived = () =>
  mock.db.roleAssignments.create({
    userId: 11,
    scopeType: 'project',
    scopeId: 1001,
    role: 'admin',
    // @ts-expect-error scope is derived from scopeType and scopeId
    scope: 'x',
  });

// An operator of the wrong type for its field, and an order by a field the table does not have.
// @ts-expect-error gt on a number takes a number
export const wrongOperand = () => mock.db.sessions.findMany({ where: { duration: { gt: 'long' } } });
// @ts-expect-error contains is for strings and lists
export const noContains = () => mock.db.sessions.findMany({ where: { duration: { contains: 3 } } });
// @ts-expect-error sessions have no field length
export const unknownOrder = () => mock.db.sessions.findMany({ orderBy: { length: 'asc' } });

// An update function gets the field's own type.
export const typedUpdate = () =>
  mock.db.projects.update({
    where: { id: { equals: 1001 } },
    // @ts-expect-error name is a string: it has no toFixed
    data: { name: (name) => name.toFixed(2) },
  });

// What the db answers is typed: a key's secret is a string, a project has no secret.
export const answered = () => {
  const key = mock.db.apiKeys.create({ organizationId: 101 });
  const secret: string = key.secret;
  const project = mock.db.projects.findFirst({ where: { id: { equals: 1001 } } });
  // @ts-expect-error projects have no secret
  return [secret, project?.secret];
};
