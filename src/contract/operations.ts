import { compileOperations, type CompiledOperation } from '../spec/compile.ts';
import { bundledDocuments } from '../spec/load.ts';

let compiled: CompiledOperation[] | undefined;

/** Every operation of both documents, compiled once per process (validators on first use). */
export const allOperations = (): CompiledOperation[] =>
  (compiled ??= [
    ...compileOperations(bundledDocuments.api, 'api'),
    ...compileOperations(bundledDocuments.data, 'data'),
  ]);

/** The names a tenant's ids go by: every path and query parameter name of the documents, and `query:<name>` for each query parameter. */
export function tenantKeyNames(operations: CompiledOperation[]): Set<string> {
  const names = new Set<string>();
  for (const operation of operations) {
    for (const parameter of operation.parameters) {
      if (parameter.in === 'header') continue;
      names.add(parameter.name);
      if (parameter.in === 'query') names.add(`query:${parameter.name}`);
    }
  }
  return names;
}
