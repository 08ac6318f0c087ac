import type { FlowContext } from './context.ts';
import { api, type Flow } from './flow.ts';
import { changedAndReadBack, life } from './life.ts';
import { tenantOf } from '../../principals.ts';

type ProjectState = { id?: number };

/** A project's life in the admin's organization: created, renamed and read back, deleted, gone. */
export function projectFlow({ file, admin, present }: FlowContext): Flow<ProjectState> | undefined {
  if (!admin || !present('createProject', 'getProject', 'updateProject', 'deleteProject')) return undefined;
  const project = (s: ProjectState) => `/projects/${s.id}`;
  return life<ProjectState>({
    name: 'project life',
    rule: 'flows.projects',
    principal: admin.name,
    create: {
      title: 'create project',
      operationId: 'createProject',
      request: () =>
        api.post('/projects', {
          name: 'c3d contract project',
          organizationId: tenantOf(file, admin).organizationId,
        }),
    },
    uses: changedAndReadBack({
      update: 'updateProject',
      read: 'getProject',
      path: project,
      field: 'name',
      value: 'c3d contract project, renamed',
    }),
    remove: { operationId: 'deleteProject', request: (s) => api.delete(project(s)) },
    gone: { operationId: 'getProject', request: (s) => api.get(project(s)) },
  });
}
