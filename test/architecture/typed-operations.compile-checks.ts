import { operations } from '../../src/operations/index.ts';
import { ok } from '../../src/operations/shared/results.ts';
import type { AllImplementations, AnyImplementation, Implementations } from '../../src/operations/shared/types.ts';

const answer: AnyImplementation = () => ok({});

/*
 * Compile-time checks: each line under `@ts-expect-error` must not compile, and `tsc --noEmit` (part of
 * `npm test`) fails with "unused directive" as soon as one does. They are declarations, not tests (nothing
 * at run time could tell them apart), so they live outside the test files.
 */

// A key that names no operation of the documents.
// @ts-expect-error getProjekt is no operationId of the documents
export const misspelt = { getProjekt: answer } satisfies Implementations;

// A map of every operation that misses one.
const { getProject: _left, ...withoutOne } = operations;
// @ts-expect-error getProject is missing
export const incomplete: AllImplementations = withoutOne;

// An implementation reading a field its operation's body does not have.
export const unknownField = {
  updateProject: ({ body }) =>
    // @ts-expect-error nme is no field of ProjectUpdate (the body of updateProject)
    ok({ name: body.nme }),
} satisfies Implementations;
