import { describe, expect, it } from 'vitest';
import type { OperationId, PublicOperationId, UnservedOperationId } from '../../src/operations/shared/types.ts';
import { operations } from '../../src/operations/index.ts';
import { compiledHosts } from '../../src/core/mock.ts';
import { operationTargetKinds } from '../../src/operations/shared/targets.ts';

// What must not compile (a misspelt or missing operation, an unknown body field) is in
// typed-operations.compile-checks.ts, which `tsc --noEmit` checks.
describe('operations are keyed by the documents’ operationIds', () => {
  it('implements every served operation of the documents, and names the unserved ones exactly', () => {
    const compiled = Object.values(compiledHosts()).flatMap((host) => host.operations);
    const unserved: UnservedOperationId[] = ['getObjectiveVersionResults'];
    expect(compiled.filter((operation) => operation.unserved).map((operation) => operation.operationId)).toEqual(
      unserved,
    );
    const served = compiled
      .filter((operation) => !operation.unserved)
      .map((operation) => operation.operationId as OperationId);
    expect(Object.keys(operations).sort()).toEqual([...served].sort());
  });

  it('names the public operations exactly', () => {
    const compiled = Object.values(compiledHosts()).flatMap((host) => host.operations);
    const publicOnes: PublicOperationId[] = ['createLoginSession'];
    expect(
      compiled.filter((operation) => operation.credentialKinds.size === 0).map((operation) => operation.operationId),
    ).toEqual(publicOnes);
  });

  it('types each target by the kind the documents locate', () => {
    const compiled = Object.values(compiledHosts()).flatMap((host) => host.operations);
    const kinds = Object.fromEntries(
      compiled.map((operation) => [
        operation.operationId,
        !operation.target ? 'none' : operation.target.from === 'credential' ? operation.scope : operation.target.kind,
      ]),
    );
    expect(operationTargetKinds).toEqual(kinds);
  });
});
