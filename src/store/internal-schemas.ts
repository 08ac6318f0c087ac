import type { components } from '../generated/data.ts';
import { credentialKinds, keyFormats, keyKindNames, type KeyKind, type KeyTable } from '../spec/credential-kinds.ts';
import { documentNames } from '../spec/document-names.ts';
import { runtimeDocuments as bundledDocuments } from '../spec/runtime-documents.ts';
import type { JsonRecord } from './table.ts';

/**
 * JSON Schemas of what the store keeps beyond the API's shapes: credentials, role assignments, login
 * sessions and each table's internal fields. Seeds are validated against these and the documents' schemas.
 */
const id = { type: 'integer', minimum: 1 } as const;
const keyFormatsOfDocuments = keyFormats(documentNames.map((name) => bundledDocuments[name]));

function keyFormatOf(kind: KeyKind): RegExp {
  const format = keyFormatsOfDocuments.get(kind);
  if (!format) throw new Error(`the documents give key kind ${kind} no x-c3d-format`);
  return format;
}

/** A key table's secret: the `x-c3d-format` of one of the key kinds kept in that table. */
function keySecretSchema(table: KeyTable): object {
  const patterns = keyKindNames
    .filter((kind) => credentialKinds[kind].table === table)
    .map((kind) => ({ type: 'string', pattern: keyFormatOf(kind).source }));
  const [only, ...others] = patterns;
  return only && others.length === 0 ? only : { anyOf: patterns };
}
const access = { enum: ['read', 'write'] } as const;
/** `x-c3d-time` marks a time for the seed's date shift (`time-shift.ts`); validators ignore it. */
const epochMillis = { type: 'integer', minimum: 0, 'x-c3d-time': 'ms' } as const;
const seconds = { 'x-c3d-time': 'seconds' } as const;
/** A stream of points, each stamped with `time` in epoch seconds. */
const timedStream = { type: 'array', items: { type: 'object', properties: { time: seconds } } } as const;
const bytes = {
  type: 'object',
  required: ['contentType', 'base64'],
  properties: { contentType: { type: 'string', minLength: 1 }, base64: { type: 'string', contentEncoding: 'base64' } },
  additionalProperties: false,
} as const;

/** Schemas of whole records of the internal-only tables, by schema name. */
export const internalRecordSchemas: Record<string, JsonRecord> = {
  StoredRoleAssignment: {
    type: 'object',
    required: ['id', 'userId', 'scopeType', 'scopeId', 'role'],
    properties: {
      id,
      userId: id,
      scopeType: { enum: ['domain', 'organization', 'project'] },
      scopeId: id,
      role: { enum: ['admin', 'member', 'observer'] },
      createdAt: epochMillis,
    },
    additionalProperties: false,
  },
  StoredDomainKey: {
    type: 'object',
    required: ['id', 'domainId', 'name', 'access', 'revoked'],
    properties: { id, domainId: id, name: { type: 'string' }, access, revoked: { type: 'boolean' } },
    additionalProperties: false,
  },
  StoredDeveloperKey: {
    type: 'object',
    required: ['id', 'userId', 'projectId', 'expiresAt'],
    properties: { id, userId: id, projectId: id, expiresAt: epochMillis },
    additionalProperties: false,
  },
  StoredDataKey: {
    type: 'object',
    required: ['id', 'projectId', 'valid'],
    properties: { id, projectId: id, valid: { type: 'boolean' } },
    additionalProperties: false,
  },
  StoredLoginSession: {
    type: 'object',
    required: ['token', 'userId', 'csrf', 'createdAt'],
    properties: {
      token: { type: 'string', pattern: '^[0-9a-f]{32}$' },
      userId: id,
      csrf: { type: 'string', pattern: '^[0-9a-f]{32}$' },
      createdAt: epochMillis,
    },
    additionalProperties: false,
  },
};

/** A stored role assignment, as `StoredRoleAssignment` above describes it. */
export type StoredRoleAssignment = {
  id: number;
  userId: number;
  scopeType: 'domain' | 'organization' | 'project';
  scopeId: number;
  role: 'admin' | 'member' | 'observer';
  createdAt?: number;
};
export type StoredDomainKey = {
  id: number;
  domainId: number;
  name: string;
  access: 'read' | 'write';
  revoked: boolean;
};
export type StoredDeveloperKey = { id: number; userId: number; projectId: number; expiresAt: number };
export type StoredDataKey = { id: number; projectId: number; valid: boolean };
export type StoredLoginSession = { token: string; userId: number; csrf: string; createdAt: number };

/** Schemas of each table's internal fields, by table name. */
export const internalFieldSchemas: Record<string, Record<string, object>> = {
  domains: { settings: { type: 'object' } },
  organizations: {
    // What `getSubscriptionInfo` answers as they are: whole `Subscription`s, their dates moved with the seed's.
    subscriptions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['beginning', 'expiration', 'planType', 'isFreeTrial'],
        properties: {
          beginning: epochMillis,
          expiration: epochMillis,
          planType: { type: 'string' },
          isFreeTrial: { type: 'boolean' },
        },
      },
    },
  },
  sceneVersions: { files: { type: 'object', additionalProperties: bytes } },
  users: { password: { type: 'string', minLength: 8 } },
  roleAssignments: { scope: { type: 'string' } },
  apiKeys: { organizationId: id, secret: keySecretSchema('apiKeys') },
  domainKeys: { secret: keySecretSchema('domainKeys') },
  developerKeys: { secret: keySecretSchema('developerKeys') },
  dataKeys: { secret: keySecretSchema('dataKeys') },
  sessions: {
    events: {
      type: 'array',
      items: { type: 'object', required: ['name', 'date'], properties: { date: { 'x-c3d-time': 'iso' } } },
    },
    versionIds: { type: 'array', items: id },
    gaze: timedStream,
    fixations: timedStream,
    dynamics: timedStream,
    dynamicsManifest: { type: 'object' },
    sensors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { data: { type: 'array', items: { type: 'array', prefixItems: [seconds] } } },
      },
    },
    boundary: {
      type: 'array',
      items: { type: 'object', properties: { transforms: timedStream, shapes: timedStream } },
    },
    audio: { type: 'array', items: bytes },
  },
  dynamicObjects: { fileData: { type: 'object', additionalProperties: bytes } },
  questionSets: { key: { type: 'string' } },
  exitPollResponses: { questionSetKey: { type: 'string' } },
  media: { projectId: id, file: bytes },
  connections: { settings: { type: 'object' } },
};

/** A file as the store keeps it (`bytes` above). */
export type StoredFile = { contentType: string; base64: string };
/** A point of a recorded stream, stamped with `time` in epoch seconds (the schema leaves its type open). */
type TimedPoint = JsonRecord & { time?: unknown };

/**
 * Each table's internal fields as TypeScript sees them: what `internalFieldSchemas` checks, optional as there
 * (a seed may leave any out), except the fields the store derives on every load (`derived` in store.ts).
 */
export interface InternalFields {
  domains: { settings?: JsonRecord };
  organizations: { subscriptions?: components['schemas']['Subscription'][] };
  sceneVersions: { files?: Record<string, StoredFile> };
  users: { password?: string };
  roleAssignments: { scope: string };
  apiKeys: { organizationId?: number; secret?: string };
  domainKeys: { secret?: string };
  developerKeys: { secret?: string };
  dataKeys: { secret?: string };
  sessions: {
    events?: (JsonRecord & { name: string; date: string })[];
    versionIds?: number[];
    gaze?: TimedPoint[];
    fixations?: TimedPoint[];
    dynamics?: TimedPoint[];
    dynamicsManifest?: JsonRecord;
    sensors?: (JsonRecord & { data?: unknown[][] })[];
    boundary?: (JsonRecord & { transforms?: TimedPoint[]; shapes?: TimedPoint[] })[];
    audio?: StoredFile[];
  };
  dynamicObjects: { fileData?: Record<string, StoredFile> };
  questionSets: { key: string };
  exitPollResponses: { questionSetKey: string };
  media: { projectId?: number; file?: StoredFile };
  connections: { settings?: JsonRecord };
}
