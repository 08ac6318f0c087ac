import { operations } from '../../src/operations/index.ts';
import { KeptJson, pageJsonText } from '../../src/operations/shared/kept-json.ts';
import { ok, okJsonText } from '../../src/operations/shared/results.ts';
import type { AllImplementations, AnyImplementation, Implementations } from '../../src/operations/shared/types.ts';
import { projectView } from '../../src/operations/shared/views.ts';

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
  updateProject: ({ store, target, body }) =>
    ok({
      ...projectView(store, target.project),
      // @ts-expect-error nme is no field of ProjectUpdate (the body of updateProject)
      name: body.nme,
    }),
} satisfies Implementations;

// An implementation answering a body of another shape than its operation's success schema.
export const wrongShape = {
  // @ts-expect-error getProject answers ProjectDetail, not { id: string }
  getProject: () => ok({ id: 'x' }),
} satisfies Implementations;

// An implementation answering a body that misses a required member of its success schema.
export const missingMember = {
  // @ts-expect-error ProjectDetail requires scenes
  getProject: ({ target }) => ok({ ...target.project.record }),
} satisfies Implementations;

// A kept JSON text (`KeptJson.text`) is checked as `ok` is: one of a view missing a required member,
const keptTexts = new KeptJson(1);
export const wrongKeptText = {
  // @ts-expect-error ProjectDetail requires scenes, which the stored project record leaves out
  getProject: ({ store, target }) => okJsonText(keptTexts.text(store, [], 'project', () => target.project.record)),
} satisfies Implementations;

// a text that is no kept view's,
export const untypedText = {
  // @ts-expect-error a plain string is no JsonText
  getProject: () => okJsonText('{}'),
} satisfies Implementations;

// and a page composed from the kept text of results of another type than the page's.
export const wrongPageResults = {
  // @ts-expect-error SessionPage's results are sessions, not projects
  querySessions: ({ store, target }) =>
    okJsonText(
      pageJsonText(
        1,
        1,
        0,
        keptTexts.text(store, [], 'page', () => [target.project.record]),
      ),
    ),
} satisfies Implementations;
