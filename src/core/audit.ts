import { chainKey } from '../spec/access.ts';
import { credentialModules } from '../auth/credentials/registry.ts';
import type { Principal } from '../auth/principal.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { HttpMethod } from '../spec/operations.ts';
import type { Located } from '../store/ancestry.ts';
import type { Store, TableRecord } from '../store/store.ts';

type AuditLogEntry = TableRecord<'auditLog'>;

/** The methods of writes, as the audit log spells them. */
const auditedMethods: Partial<Record<HttpMethod, AuditLogEntry['method']>> = {
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};

export interface AuditInput {
  operation: CompiledOperation;
  principal: Principal;
  target?: Located;
  path: string;
  status: number;
  now: number;
  auditTarget?: { type: string; id: string };
}

function describeTarget(target: Located): { type: string; id: string } {
  if (target.version) return { type: 'sceneVersion', id: String(target.version.key) };
  if (target.scene) return { type: 'scene', id: String(target.scene.key) };
  return { type: target.level, id: String(target.chain[chainKey[target.level]]) };
}

/** Appends the audit-log entry of a successful write made inside an organization. */
export function recordAudit(store: Store, input: AuditInput): void {
  const { operation, principal, target } = input;
  const organizationId = target?.chain.organizationId;
  // A kind without an audit actor (the application key's SDK telemetry) makes data, not administrative changes.
  const actor = credentialModules[principal.kind].audit;
  const method = auditedMethods[operation.method];
  if (!target || organizationId === undefined || !actor || !method) return;
  const table = store.tables.auditLog;
  table.insert({
    id: table.nextKey(),
    organizationId,
    projectId: target?.chain.projectId ?? null,
    actor: {
      kind: actor.actor,
      userId: principal.userId ?? null,
      apiKeyId: actor.keyId ? (principal.apiKeyId ?? null) : null,
      label: principal.label,
    },
    action: operation.operationId,
    method,
    path: input.path,
    target: input.auditTarget ?? describeTarget(target),
    status: input.status,
    createdAt: input.now,
  });
}
