import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { keys } from '../support/mock.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0, validateResponses: true });
});
afterAll(() => server.close());

interface Write {
  table: 'widgets' | 'dashboards' | 'remoteVariables' | 'media' | 'sessionTags' | 'projects';
  method: 'POST' | 'PUT';
  path: string;
  body: unknown;
}

/** 2,000 writes across resource groups: creates in five tables and renames of one project, sent all at once. */
function writes(): Write[] {
  const list: Write[] = [];
  for (let i = 0; i < 2000; i++) {
    switch (i % 6) {
      case 0:
        list.push({
          table: 'widgets',
          method: 'POST',
          path: '/projects/1001/widgets',
          body: { title: `Load widget ${i}`, query: { type: 'custom', name: `load-${i}` } },
        });
        break;
      case 1:
        list.push({
          table: 'dashboards',
          method: 'POST',
          path: '/projects/1001/dashboards',
          body: { title: `Load dashboard ${i}`, widgetMetadataList: [] },
        });
        break;
      case 2:
        list.push({
          table: 'remoteVariables',
          method: 'POST',
          path: '/projects/1002/remoteVariables',
          body: { name: `load_var_${i}`, valueInt: i },
        });
        break;
      case 3:
        list.push({
          table: 'media',
          method: 'POST',
          path: '/projects/1001/media',
          body: { name: `Load media ${i}`, description: 'Load test', staticMedia: true },
        });
        break;
      case 4:
        list.push({
          table: 'sessionTags',
          method: 'POST',
          path: '/organizations/101/tags',
          body: { title: `load-${i}`, colourHex: '00aa88' },
        });
        break;
      default:
        list.push({ table: 'projects', method: 'PUT', path: '/projects/1002', body: { name: `Acme Retail ${i}` } });
    }
  }
  return list;
}

it('2,000 concurrent writes over HTTP: every record once, unique ids, counts that add up, one audit entry each', async () => {
  const store = server.mock.store;
  const before = Object.fromEntries(
    (['widgets', 'dashboards', 'remoteVariables', 'media', 'sessionTags', 'projects'] as const).map((t) => [
      t,
      store.tables[t].size,
    ]),
  );
  const list = writes();
  const answers = await Promise.all(
    list.map(async (write) => {
      const response = await fetch(`${server.urls.api}${write.path}`, {
        method: write.method,
        headers: { authorization: keys.acmeWrite, 'content-type': 'application/json' },
        body: JSON.stringify(write.body),
      });
      return { write, status: response.status, body: (await response.json()) as { id: number; name?: string } };
    }),
  );
  expect(
    answers.filter((a) => a.status !== 200).map((a) => `${a.write.path} ${a.status} ${JSON.stringify(a.body)}`),
  ).toEqual([]);

  for (const table of ['widgets', 'dashboards', 'remoteVariables', 'media', 'sessionTags'] as const) {
    const created = answers.filter((a) => a.write.table === table).map((a) => a.body.id);
    expect(new Set(created).size, `${table} ids are unique`).toBe(created.length);
    expect(store.tables[table].size, `${table} holds the seed and every create`).toBe(before[table]! + created.length);
    for (const id of created) expect(store.tables[table].get(id), `${table} ${id} exists`).toBeDefined();
  }
  expect(store.tables.projects.size).toBe(before.projects);
  expect(answers.filter((a) => a.write.table === 'projects').map((a) => a.body.name)).toContain(
    store.tables.projects.get(1002)!.record.name,
  );

  const audit = [...store.tables.auditLog.all()].map((row) => row.record);
  expect(audit.length).toBe(2000);
  expect(new Set(audit.map((entry) => entry.id)).size).toBe(2000);
  console.log(`concurrency: 2000 concurrent writes checked, ${audit.length} audit entries`);
}, 120_000);
