import { fail } from '../../http/errors.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { records } from '../shared/views.ts';

/** Third-party connections of an organization; their settings are stored internal and never answered. */
export const connectionOperations = {
  listOrganizationConnections: ({ store, target }) =>
    ok(
      records(
        store.tables.connections
          .children('organizationId', target.organization.key)
          .sort((a, b) => Number(a.key) - Number(b.key)),
      ),
    ),

  createOrganizationConnection: ({ store, target, body, now, auditTarget }) => {
    const table = store.tables.connections;
    const row = table.insert(
      {
        id: table.nextKey(),
        organizationId: target.organization.key,
        provider: body.provider,
        name: body.name,
        enabled: true,
        createdAt: now,
        updatedAt: now,
      },
      { settings: structuredClone(body.settings) },
    );
    auditTarget('connection', row.key);
    return ok(row.record);
  },

  deleteOrganizationConnection: ({ store, target, path, auditTarget }) => {
    const connection = store.tables.connections.get(path.connectionId);
    if (!connection || connection.record.organizationId !== target.organization.key) fail(404, 'Not found');
    store.tables.connections.delete(connection.key);
    auditTarget('connection', connection.key);
    return noContent();
  },
} satisfies Implementations;
