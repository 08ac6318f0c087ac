// A page that mocks the real hosts with the package's MSW handlers and calls them with the typed client.
import { setupWorker } from 'msw/browser';
import { createApiClient, login } from '../../../src/client/index.ts';
import { createHandlers } from '../../../src/msw/handlers.ts';

// Made before the worker starts, as apps do at module scope: the client looks `fetch` up on each request.
const client = createApiClient();
// Two of the seed's organization keys (README, "The default seed"): Acme's read key and its write key.
const reader = createApiClient({ credential: { orgKey: 'orgkey-ac3e0000000000000000000000000002' } });
const writer = createApiClient({ credential: { orgKey: 'orgkey-ac3e0000000000000000000000000001' } });

const show = (id: string, text: string) => {
  document.getElementById(id)!.textContent = text;
};

async function run(): Promise<void> {
  const { mock, handlers } = createHandlers();
  await setupWorker(...handlers).start({ onUnhandledRequest: 'bypass', quiet: true });
  show('state', 'calling https://api.cognitive3d.com/v0 …');

  // The handlers keep the session cookie, as the browser would for the real host; writes repeat the CSRF token.
  await login(client, 'viewer@acme.example');

  const me = await client.GET('/users/me');
  if (!me.data) throw new Error(`GET /users/me answered ${me.response.status}`);
  show(
    'user',
    `${me.data.email} (${me.data.roles.map((role) => `${role.role} of ${role.scopeType} ${role.scopeId}`).join(', ')})`,
  );

  const list = document.getElementById('projects')!;
  for (const role of me.data.roles.filter((role) => role.scopeType === 'project')) {
    const project = await client.GET('/projects/{projectId}', { params: { path: { projectId: role.scopeId } } });
    const item = document.createElement('li');
    item.textContent = project.data
      ? `${project.data.id} ${project.data.name}`
      : `${role.scopeId}: ${project.response.status}`;
    list.append(item);
  }

  const write = await client.PUT('/projects/{projectId}', {
    params: { path: { projectId: 1001 } },
    body: { name: 'Renamed by a viewer' },
  });
  show('write', `${write.response.status} ${write.error ? write.error.message : 'accepted'}`);

  // A server error forced for one request, answered in the page as the standalone server answers it.
  const fault = await client.GET('/projects/{projectId}', {
    params: { path: { projectId: 1001 } },
    headers: { 'x-c3d-mock-error': '503' },
  });
  show('fault', `${fault.response.status} ${fault.error ? fault.error.message : 'not injected'}`);

  // README scenario 1: an empty project, made with `mock.db` in the page's own store.
  const empty = mock.db.projects.create({ organizationId: 101, name: 'Empty' });
  const sessions = await reader.POST('/datasets/sessions/paginatedListQueries', {
    body: { entityFilters: { projectId: empty.id }, sessionType: 'project' },
  });
  const scenes = await reader.GET('/projects/{projectId}/scenes', { params: { path: { projectId: empty.id } } });
  show(
    'empty',
    `${empty.id} ${empty.name}: sessions ${sessions.response.status} count ${sessions.data?.count}, ` +
      `scenes ${scenes.response.status} ${JSON.stringify(scenes.data)}`,
  );

  // README scenario 5: a revoked key.
  const before = await writer.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
  mock.db.apiKeys.update({ where: { id: { equals: 1 } }, data: { revoked: true, revokedAt: mock.now() } });
  const after = await writer.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
  show('revoked', `${before.response.status}, then ${after.response.status} ${after.error?.message ?? 'accepted'}`);
  show('state', 'done');
}

run().catch((error: Error) => show('state', `failed: ${error.message}`));
