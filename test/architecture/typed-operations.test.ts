import { describe, expect, it } from 'vitest';
import { ok } from '../../src/operations/shared/results.ts';
import type {
  AllImplementations,
  AnyImplementation,
  Implementations,
  OperationId,
  PublicOperationId,
  UnservedOperationId,
} from '../../src/operations/shared/types.ts';
import { operations } from '../../src/operations/index.ts';
import { compiledHosts } from '../../src/core/mock.ts';
import { operationTargetKinds } from '../../src/operations/shared/targets.ts';

const answer: AnyImplementation = () => ok({});

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

  it('types each implementation’s context by its operation: an unknown body field does not compile', () => {
    const typed = {
      updateProject: ({ body }) =>
        // @ts-expect-error nme is no field of ProjectUpdate (the body of updateProject)
        ok({ name: body.nme }),
    } satisfies Implementations;
    expect(Object.keys(typed)).toEqual(['updateProject']);
  });
});
