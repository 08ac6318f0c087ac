// A page that mocks the real hosts with the package's MSW handlers and calls them with the typed client.
import { setupWorker } from 'msw/browser';
import { createApiClient } from '../../../src/client/index.ts';
import { createHandlers } from '../../../src/msw/handlers.ts';

const show = (id: string, text: string) => {
  document.getElementById(id)!.textContent = text;
};

async function run(): Promise<void> {
  const { handlers } = createHandlers();
  await setupWorker(...handlers).start({ onUnhandledRequest: 'bypass', quiet: true });
  show('state', 'calling https://api.cognitive3d.com/v0 …');

  const client = createApiClient();
  const login = await client.POST('/sessions', {
    body: { email: 'viewer@acme.example', password: 'c3d-mock-password' },
  });
  if (!login.data) throw new Error(`login answered ${login.response.status}`);
  // The handlers keep the session cookie, as the browser would for the real host; writes repeat the CSRF token.
  client.setCredential({ session: { csrf: login.data.csrf } });

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
  show('state', 'done');
}

run().catch((error: Error) => show('state', `failed: ${error.message}`));
