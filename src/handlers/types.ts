import type { Principal } from '../auth/principal.ts';
import type { FaultName } from '../core/faults.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { Located } from '../store/ancestry.ts';
import type { Store } from '../store/store.ts';

/** A file part of a multipart body, or a raw body. */
export interface UploadedFile {
  /** The multipart field the file came in (empty for a raw body). */
  field: string;
  /** The file's name (for a multipart part, its filename, else its field). */
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Everything a handler may use; credentials, policy and validation have already been applied. */
export interface HandlerContext {
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
  faults: ReadonlySet<FaultName>;
  /** Names what a successful write changed, for the audit log, when it is not the operation's target. */
  auditTarget(type: string, id: string | number): void;
}

export type HandlerResult =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; contentType: string; headers?: Record<string, string> }
  | { status: number; bytes: Uint8Array; contentType: string; headers?: Record<string, string> }
  | { status: number; empty: true; headers?: Record<string, string> };

export type Handler = (context: HandlerContext) => HandlerResult | Promise<HandlerResult>;

/** Handlers by operationId; one file per resource group exports its part. */
export type Handlers = Record<string, Handler>;
