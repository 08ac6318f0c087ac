import { describe, expect, it } from 'vitest';
import { ok } from '../../src/operations/shared/results.ts';
import type {
  AllImplementations,
  Implementation,
  Implementations,
  OperationId,
  UnservedOperationId,
} from '../../src/operations/shared/types.ts';
import { operations } from '../../src/operations/index.ts';
import { compiledHosts } from '../../src/core/mock.ts';

const answer: Implementation = () => ok({});

// The lines under `@ts-expect-error` must not compile: `tsc --noEmit` (part of `npm test`) fails when one does.
describe('operations are keyed by the documents’ operationIds', () => {
  it('refuses, at compile time, a key that names no operation', () => {
    // @ts-expect-error getProjekt is no operationId of the documents
    const misspelt = { getProjekt: answer } satisfies Implementations;
    expect(Object.keys(misspelt)).toEqual(['getProjekt']);
  });

  it('refuses, at compile time, a map of every operation that misses one', () => {
    const { getProject: _left, ...withoutOne } = operations;
    // @ts-expect-error getProject is missing
    const incomplete: AllImplementations = withoutOne;
    expect(Object.keys(incomplete)).not.toContain('getProject');
  });

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
});
