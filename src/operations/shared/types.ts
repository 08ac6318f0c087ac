import type { Principal, SessionPrincipal } from '../../auth/principal.ts';
import type { operations as ApiOperations } from '../../generated/api.ts';
import type { operations as DataOperations } from '../../generated/data.ts';
import type { MultipartBody, UploadedFile } from '../../http/body.ts';
import type { JsonText, OperationResult } from '../../http/respond.ts';
import type { CompiledOperation } from '../../spec/compile.ts';
import type { Located, LocatedByKind } from '../../store/ancestry.ts';
import type { Store } from '../../store/store.ts';
import type { operationTargetKinds } from './targets.ts';

export type { JsonText, MultipartBody, OperationResult, UploadedFile };

/** The operations of both documents, by operationId, as openapi-typescript generates them. */
type Operations = ApiOperations & DataOperations;

/** The operationId of every operation of both documents. */
export type OperationId = keyof ApiOperations | keyof DataOperations;

/** What every operation gets, whatever its parameters and body. */
export interface ContextBase {
  store: Store;
  operation: CompiledOperation;
  /** Header parameters, coerced to their documented types and validated. */
  headers: Record<string, any>;
  now: number;
  /** Names what a successful write changed, for the audit log, when it is not the operation's target. */
  auditTarget(type: string, id: string | number): void;
}

/** The context of any operation, untyped: what the pipeline builds before it knows which operation runs. */
export interface AnyOperationContext extends ContextBase {
  /** Undefined only on public operations. */
  principal?: Principal;
  path: Record<string, any>;
  query: Record<string, any>;
  body: any;
  target?: Located;
}

/** A parameter object of the operation; `{}` when it takes none (the pipeline always passes an object). */
type ParametersOf<P> = [NonNullable<P>] extends [never] ? Record<string, never> : NonNullable<P>;

/** The request body as the pipeline passes it: the parsed JSON, the multipart parts, the raw file, or nothing. */
type BodyOf<Id extends OperationId> = Operations[Id] extends { requestBody: { content: infer Content } }
  ? Content extends { 'application/json': infer Json }
    ? Json
    : Content extends { 'multipart/form-data': unknown }
      ? MultipartBody
      : UploadedFile
  : undefined;

/** The located target of each kind (the rows of its ancestry that are then always there), or none. */
export interface TargetByKind extends LocatedByKind {
  none: undefined;
}

/** Everything an operation may use; credentials, policy and validation have already been applied. */
export interface OperationContext<Id extends OperationId> extends ContextBase {
  /** Who calls: undefined only on public operations; a login session on the user's own ones. */
  principal: Id extends PublicOperationId ? undefined : Id extends UserOperationId ? SessionPrincipal : Principal;
  /** Path and query parameters, coerced to their documented types and validated. */
  path: ParametersOf<Operations[Id]['parameters']['path']>;
  query: ParametersOf<Operations[Id]['parameters']['query']>;
  /** JSON: the parsed, validated value. Multipart: the parts by field name. Raw: the file. */
  body: BodyOf<Id>;
  /** The located target (domain, organization, project, scene, version) with its ancestry; none on user and public operations. */
  target: TargetByKind[(typeof operationTargetKinds)[Id]];
}

/** A 2xx status code, as openapi-typescript keys the responses (`200`, or `'2XX'` for a range). */
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226 | '2XX';

/**
 * The `application/json` content of the operation's 2xx responses (a union when several), or never when none answers
 * JSON (text, files, nothing): what its implementation may answer with `ok`, `created` or `okJsonText`.
 */
export type SuccessJson<Id extends OperationId> = SuccessJsonOf<Operations[Id]['responses']>;

type SuccessJsonOf<Responses> = {
  [Status in keyof Responses & SuccessStatus]: Responses[Status] extends { content: { 'application/json': infer Json } }
    ? Json
    : never;
}[keyof Responses & SuccessStatus];

/** An operation's implementation: its answer's JSON (or kept JSON text) is checked against its success schema. */
export type Implementation<Id extends OperationId> = (
  context: OperationContext<Id>,
) => OperationResult<SuccessJson<Id>> | Promise<OperationResult<SuccessJson<Id>>>;

/** An implementation the pipeline can call with the context it builds, whichever operation it is. */
export type AnyImplementation = (context: AnyOperationContext) => OperationResult | Promise<OperationResult>;

/**
 * Implementations of some operations, by operationId; one file per resource group exports its part with
 * `satisfies Implementations`, so a key that names no operation of the documents is a compile error, and each
 * implementation's context is typed by its operation.
 */
export type Implementations = { [Id in OperationId]?: Implementation<Id> };

/**
 * The operations that take no credentials (an empty `security` list); every other one has a principal
 * (`test/architecture/typed-operations.test.ts` checks this list against the documents).
 */
export type PublicOperationId = 'createLoginSession';

/** The operations of the `user` scope (no target, not public): the caller's own account, with a login session only. */
type UserOperationId = Exclude<
  { [Id in OperationId]: (typeof operationTargetKinds)[Id] extends 'none' ? Id : never }[OperationId],
  PublicOperationId
>;

/**
 * The operations the documents mark `x-c3d-unserved`: the pipeline answers them 404 before any implementation
 * (`test/architecture/typed-operations.test.ts` checks this list against the documents).
 */
export type UnservedOperationId = 'getObjectiveVersionResults';

/** One implementation for every served operation of the documents: a missing one is a compile error. */
export type AllImplementations = { [Id in Exclude<OperationId, UnservedOperationId>]: Implementation<Id> };
