import type { CompiledOperation } from '../spec/compile.ts';

/** What a case sends: everything but the credential, which the runner adds for the case's principal. */
export interface RequestSpec {
  host: 'api' | 'data';
  method: string;
  /** Path below the base URL's `/v0`, with its query string. */
  path: string;
  body?:
    | { kind: 'json' | 'text'; contentType: string; text: string }
    | { kind: 'bytes'; contentType: string; bytes: Uint8Array };
  headers?: Record<string, string>;
}

/** How a case authenticates: a principal (its credential, with the CSRF token unless left out), a raw Authorization value, or nothing. */
export type CaseCaller = { principal: string; withoutCsrf?: boolean } | { authorization: string } | { none: true };

export interface Expectation {
  /** Statuses that pass; `2xx` is any success. */
  statuses: (number | '2xx')[];
  /** What the case proves of the policy, for coverage: the caller was let through, or kept out. */
  proves?: 'allowed' | 'denied';
}

export interface ContractCase {
  /** The rule group (credentials, roles, content-types, schema, flows) and the rule this case checks. */
  group: string;
  rule: string;
  title: string;
  operation: CompiledOperation;
  principal?: string;
  request: RequestSpec;
  caller: CaseCaller;
  expect: Expectation;
  /** Whether the request may change state (never sent with --read-only). */
  writes: boolean;
  /** Values of another tenant that the answer must not hold (a cross-tenant request must leak nothing). */
  mustNotContain?: string[];
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array<ArrayBuffer>;
  text: string;
  body?: unknown;
}

export interface CaseResult {
  group: string;
  rule: string;
  title: string;
  operationId: string;
  principal?: string;
  outcome: 'passed' | 'failed' | 'skipped';
  expected: string;
  status?: number;
  contentType?: string;
  bodyHead?: string;
  message?: string;
  proves?: 'allowed' | 'denied';
  /** Failed results only: the request as sent, credentials masked. */
  request?: SentRequest;
  /** Failed results only: what came back. */
  answer?: ReceivedAnswer;
  /** Failed results only: a `curl` command that sends the request again, credentials read from shell variables. */
  curl?: string;
  /** What to set each shell variable of `curl` to (in words; never a secret). */
  curlVariables?: Record<string, string>;
}

/** A request as the suite sent it, with every credential masked to its format and first characters. */
export interface SentRequest {
  method: string;
  /** The full URL, query string included. */
  url: string;
  headers: Record<string, string>;
  /** The start of the body (or its size and type, when it is not text). */
  bodyExcerpt?: string;
}

/** An answer as the suite received it, credentials masked. */
export interface ReceivedAnswer {
  status: number;
  contentType?: string;
  headers: Record<string, string>;
  bodyExcerpt: string;
}
