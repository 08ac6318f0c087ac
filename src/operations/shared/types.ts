import type { Principal } from '../../auth/principal.ts';
import type { operations as ApiOperations } from '../../generated/api.ts';
import type { operations as DataOperations } from '../../generated/data.ts';
import type { UploadedFile } from '../../http/body.ts';
import type { OperationResult } from '../../http/respond.ts';
import type { CompiledOperation } from '../../spec/compile.ts';
import type { Located } from '../../store/ancestry.ts';
import type { Store } from '../../store/store.ts';

export type { OperationResult, UploadedFile };

/** Everything an operation may use; credentials, policy and validation have already been applied. */
export interface OperationContext {
  store: Store;
  operation: CompiledOperation;
  /** Undefined only on public operations. */
  principal?: Principal;
  /** Path, query and header parameters, coerced to their documented types and validated. */
  path: Record<string, any>;
  query: Record<string, any>;
  headers: Record<string, any>;
  /** JSON: the parsed, validated value. Multipart: the parts by field name. Raw: the file. */
  body: any;
  /** The located target (domain, organization, project, scene, version) with its ancestry. */
  target?: Located;
  now: number;
  /** Names what a successful write changed, for the audit log, when it is not the operation's target. */
  auditTarget(type: string, id: string | number): void;
}

export type Implementation = (context: OperationContext) => OperationResult | Promise<OperationResult>;

/** The operationId of every operation of both documents. */
export type OperationId = keyof ApiOperations | keyof DataOperations;

/**
 * Implementations of some operations, by operationId; one file per resource group exports its part with
 * `satisfies Implementations`, so a key that names no operation of the documents is a compile error.
 */
export type Implementations = Partial<Record<OperationId, Implementation>>;

/**
 * The operations the documents mark `x-c3d-unserved`: the pipeline answers them 404 before any implementation
 * (`test/architecture/typed-operations.test.ts` checks this list against the documents).
 */
export type UnservedOperationId = 'getObjectiveVersionResults';

/** One implementation for every served operation of the documents: a missing one is a compile error. */
export type AllImplementations = Record<Exclude<OperationId, UnservedOperationId>, Implementation>;
