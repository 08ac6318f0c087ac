import type { FlowClients } from '../../flow-clients.ts';
import type { Answer, RequestSpec } from '../../model.ts';

/** What a flow's steps keep for the later ones (ids, secrets, what to restore). */
export type FlowState = Record<string, unknown>;

/** How a step sends its one request: described (`request`), or written with the typed clients (`call`). */
export type Sending<S> =
  | { request(state: S): RequestSpec; call?: never }
  | { call(clients: FlowClients, state: S): Promise<unknown>; request?: never };

export interface StepBase<S> {
  title: string;
  rule: string;
  operationId: string;
  principal?: string;
  /** Credential headers to send instead of the principal's (a key or a session the flow made). */
  headers?(state: S): Record<string, string>;
  check(answer: Answer, state: S): string | undefined;
  /** Runs even when an earlier step failed (cleanup). */
  cleanup?: boolean;
}

/**
 * One step of a write flow: its request may use what earlier steps answered; its check names what went
 * wrong.
 */
export type FlowStep<S = FlowState> = StepBase<S> & Sending<S>;

export interface Flow<S = FlowState> {
  name: string;
  steps: FlowStep<S>[];
  /** What the flow leaves on the target once it has run, and why the API keeps it (from what its steps answered). */
  leaves?(state: S): string | undefined;
}

export const expectStatus = (answer: Answer, ...statuses: number[]) =>
  statuses.includes(answer.status) ? undefined : `expected ${statuses.join(' or ')}, got ${answer.status}`;

export const jsonBody = (value: unknown) => ({
  kind: 'json' as const,
  contentType: 'application/json',
  text: JSON.stringify(value),
});

/** Requests to the dashboard host. */
export const api = {
  get: (path: string): RequestSpec => ({ host: 'api', method: 'GET', path }),
  post: (path: string, body: unknown): RequestSpec => ({ host: 'api', method: 'POST', path, body: jsonBody(body) }),
  put: (path: string, body: unknown): RequestSpec => ({ host: 'api', method: 'PUT', path, body: jsonBody(body) }),
  delete: (path: string): RequestSpec => ({ host: 'api', method: 'DELETE', path }),
};

/** A step as a flow states it: the flow gives it its rule (unless it names its own) and its principal. */
export type StatedStep<S> = Omit<StepBase<S>, 'rule' | 'principal'> & { rule?: string } & Sending<S>;

/**
 * Gives each stated step the flow's rule and principal. A step that sends credentials of its own (`headers`)
 * is nobody's, and is reported without a principal.
 */
export const takenBy =
  <S>(rule: string, principal: string | undefined) =>
  (step: StatedStep<S>): FlowStep<S> => ({
    ...step,
    rule: step.rule ?? rule,
    ...(step.headers || principal === undefined ? {} : { principal }),
  });
