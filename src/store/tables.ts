import { keysOf } from '../guards.ts';
import type { TableDefinition } from './table.ts';

/**
 * Every table of the store. A seed lists each table's records as flat objects; the fields named in
 * `internal` are kept apart from the API-shaped record and never appear in a response.
 */
export interface StoreTableDefinition extends TableDefinition {
  internal: string[];
  /** Fields a response composes from other tables; a seed record is validated with these defaults. */
  composed?: Record<string, unknown>;
}

/** Every store table has a record schema (the internal-only tables' in internal-schemas.ts). */
type WithSchema = { schema: string };

/** A table's definition, with the defaults; its `keyType` is kept as written, so the store types its keys by it. */
function table(
  definition: Partial<StoreTableDefinition> & WithSchema & { keyType: 'string' },
): StoreTableDefinition & WithSchema & { keyType: 'string' };
function table(
  definition: Partial<StoreTableDefinition> & WithSchema & { keyType?: 'number' },
): StoreTableDefinition & WithSchema & { keyType: 'number' };
function table(definition: Partial<StoreTableDefinition>): StoreTableDefinition {
  return { key: 'id', keyType: 'number', parents: [], internal: [], ...definition };
}

export const tableDefinitions = {
  domains: table({ schema: 'Domain', internal: ['settings'] }),
  organizations: table({ schema: 'Organization', parents: ['domainId'], internal: ['subscriptions'] }),
  projects: table({ schema: 'Project', parents: ['organizationId'] }),
  scenes: table({ schema: 'Scene', keyType: 'string', parents: ['projectId'], composed: { versions: [] } }),
  sceneVersions: table({ schema: 'SceneVersion', parents: ['sceneId'], internal: ['files'] }),
  users: table({ schema: 'Account', unique: ['email'], internal: ['password'], composed: { roles: [] } }),
  roleAssignments: table({ schema: 'StoredRoleAssignment', parents: ['userId', 'scope'], internal: ['scope'] }),
  apiKeys: table({
    schema: 'ApiKey',
    parents: ['organizationId'],
    unique: ['secret'],
    internal: ['organizationId', 'secret'],
  }),
  domainKeys: table({ schema: 'StoredDomainKey', parents: ['domainId'], unique: ['secret'], internal: ['secret'] }),
  developerKeys: table({ schema: 'StoredDeveloperKey', parents: ['userId'], unique: ['secret'], internal: ['secret'] }),
  dataKeys: table({ schema: 'StoredDataKey', parents: ['projectId'], unique: ['secret'], internal: ['secret'] }),
  loginSessions: table({ schema: 'StoredLoginSession', key: 'token', keyType: 'string', parents: ['userId'] }),
  sessions: table({
    schema: 'Session',
    parents: ['projectId'],
    unique: ['sessionId'],
    internal: [
      'events',
      'versionIds',
      'gaze',
      'fixations',
      'dynamics',
      'dynamicsManifest',
      'sensors',
      'boundary',
      'audio',
    ],
  }),
  dynamicObjects: table({ schema: 'DynamicObject', parents: ['versionId'], internal: ['fileData'] }),
  objectives: table({ schema: 'Objective', parents: ['projectId'] }),
  questionSets: table({
    schema: 'QuestionSet',
    key: 'key',
    keyType: 'string',
    parents: ['projectId'],
    internal: ['key'],
  }),
  exitPollResponses: table({
    schema: 'ExitPollResponse',
    parents: ['projectId', 'questionSetKey'],
    internal: ['questionSetKey'],
  }),
  media: table({ schema: 'Media', parents: ['projectId'], internal: ['projectId', 'file'] }),
  pointsOfInterest: table({ schema: 'PointOfInterest', parents: ['mediaId'] }),
  sessionTags: table({ schema: 'SessionTag', parents: ['organizationId'] }),
  remoteVariables: table({ schema: 'RemoteVariable', parents: ['projectId'] }),
  remoteConfigurations: table({ schema: 'RemoteConfiguration', parents: ['projectId'] }),
  abTests: table({ schema: 'ABTest', parents: ['projectId'] }),
  widgets: table({ schema: 'Widget', parents: ['projectId'] }),
  dashboards: table({ schema: 'Dashboard', parents: ['projectId'] }),
  reviews: table({ schema: 'Review', parents: ['projectId'] }),
  connections: table({ schema: 'Connection', parents: ['organizationId'], internal: ['settings'] }),
  auditLog: table({ schema: 'AuditLogEntry', parents: ['organizationId'] }),
} satisfies Record<string, StoreTableDefinition>;

export type TableName = keyof typeof tableDefinitions;
/** The type of a table's keys, by its `keyType`. */
export type TableKey<K extends TableName> = (typeof tableDefinitions)[K]['keyType'] extends 'string' ? string : number;
export const tableNames = keysOf(tableDefinitions);

/** Whether a name is a table's (not one of an object's inherited members). */
export const isTableName = (name: unknown): name is TableName =>
  typeof name === 'string' && Object.hasOwn(tableDefinitions, name);
