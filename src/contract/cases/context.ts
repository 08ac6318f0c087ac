import type { CompiledOperation } from '../../spec/compile.ts';
import type { Aimer } from '../aim.ts';
import type { PrincipalsFile } from '../principals.ts';

/** What every case generator reads. */
export interface CaseContext {
  file: PrincipalsFile;
  operations: CompiledOperation[];
  aimer: Aimer;
  strict: boolean;
}

export const isWrite = (operation: CompiledOperation) => operation.method !== 'get' && operation.access !== 'read';

/** Names of the path parameters below the operation's target (a child of it, such as a widget in a project). */
export const hasChild = (operation: CompiledOperation) =>
  operation.parameters.some(
    (p) => p.in === 'path' && !(operation.target?.from === 'path' && operation.target.name === p.name),
  );
