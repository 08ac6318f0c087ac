import { isRecord, type JsonObject } from '../../../guards.ts';
import type { Answer } from '../../model.ts';
import { api, expectStatus, type Flow, type Sending, type StatedStep, type StepBase, takenBy } from './flow.ts';

/** A step whose title and check the life supplies when it states none. */
type DefaultedStep<S> = Omit<StepBase<S>, 'rule' | 'principal' | 'title' | 'check'> &
  Partial<Pick<StepBase<S>, 'rule' | 'title' | 'check'>> &
  Sending<S>;

export interface LifeSpec<S> {
  name: string;
  rule: string;
  /** Who takes every step, but those that send credentials of their own (`headers`). */
  principal: string;
  /** Creates the record; unless it checks otherwise, 200 or 201 with an `id`, kept as `state.id`. */
  create: DefaultedStep<S> & { title: string };
  /** What the record goes through while it lives (listed, changed, read back, used). */
  uses: StatedStep<S>[];
  /** Deletes it ("delete it", 200 or 204 unless stated): a cleanup step, run even when an earlier step failed. */
  remove: DefaultedStep<S>;
  /** Shows it is gone ("it is gone", 404 unless stated). */
  gone?: DefaultedStep<S>;
  leaves?(state: S): string | undefined;
}

/**
 * One record's life: create → the uses → delete (always) → it is gone. The flows state only what differs
 * from one record to the next.
 */
export function life<S extends object>(spec: LifeSpec<S>): Flow<S> {
  const { create, remove, gone } = spec;
  const steps: StatedStep<S>[] = [
    { ...create, check: create.check ?? keepsNew('id') },
    ...spec.uses,
    {
      ...remove,
      title: remove.title ?? 'delete it',
      check: remove.check ?? ((answer) => expectStatus(answer, 200, 204)),
      cleanup: true,
    },
  ];
  if (gone)
    steps.push({
      ...gone,
      title: gone.title ?? 'it is gone',
      check: gone.check ?? ((answer) => expectStatus(answer, 404)),
    });
  return {
    name: spec.name,
    steps: steps.map(takenBy(spec.rule, spec.principal)),
    ...(spec.leaves ? { leaves: spec.leaves } : {}),
  };
}

/** The check of a create: 200 or 201, with the new record's `field`, kept in the state under the same name. */
export const keepsNew =
  (field: string) =>
  (answer: Answer, state: object): string | undefined => {
    const value = isRecord(answer.body) ? answer.body[field] : undefined;
    Object.assign(state, { [field]: value });
    return expectStatus(answer, 200, 201) ?? (value === undefined ? `the answer has no ${field}` : undefined);
  };

/** Changes one field of the record (PUT) and reads the change back (GET of the same path). */
export function changedAndReadBack<S>(change: {
  update: string;
  read: string;
  path: (state: S) => string;
  field: string;
  value: unknown;
}): StatedStep<S>[] {
  return [
    {
      title: 'change it',
      operationId: change.update,
      request: (s) => api.put(change.path(s), { [change.field]: change.value }),
      check: (answer) => expectStatus(answer, 200),
    },
    {
      title: 'read the change back',
      operationId: change.read,
      request: (s) => api.get(change.path(s)),
      check: (answer) =>
        expectStatus(answer, 200) ??
        ((isRecord(answer.body) ? answer.body[change.field] : undefined) === change.value
          ? undefined
          : `${change.field} read back differs`),
    },
  ];
}

/** The record of a list answer whose `key` is `value`. */
export const listedIn = (answer: Answer, key: string, value: unknown): JsonObject | undefined => {
  const records: unknown[] = Array.isArray(answer.body) ? answer.body : [];
  return records.filter(isRecord).find((record) => record[key] === value);
};
