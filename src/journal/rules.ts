/**
 * Every rule the journal records, in one place: a stable id (never renamed: reports, `--allow RULE` and
 * partners' CI jobs name them), what it means, and whether breaking it is a violation of the client, a
 * warning (the mock tolerates it, a client should not rely on it) or a plain answer (not the client's fault).
 *
 * - **violation**: the request was refused for something the client did wrong; a correct client never sees it.
 * - **warning**: the request was answered, but leans on something the real API may not keep doing.
 * - **answer**: a refusal a correct client can meet (asking for a record that does not exist): recorded as the
 *   entry's `rule`, never as a violation.
 *
 * Answers an operation gives by its own rules (a name already taken, a field combination the resource
 * refuses, a record missing below the target) carry no rule: the entry keeps their status and reason only.
 */

import { keysOf } from '../guards.ts';

export type Severity = 'violation' | 'warning' | 'answer';

export interface RuleSpec {
  severity: Severity;
  /** The status the mock answers when the rule is broken (none for warnings: the request is served). */
  status?: number;
  description: string;
}

export const rules = {
  'unknown-route': {
    severity: 'violation',
    status: 404,
    description:
      'No route of the documents matches the path (or the documents mark the operation as not served by the API).',
  },
  'trailing-slash': {
    severity: 'violation',
    status: 404,
    description: 'The path ends with `/`; without it a route matches. The API never takes a trailing slash.',
  },
  'wrong-method': {
    severity: 'violation',
    status: 405,
    description: 'The path is a route, but not for this method (the answer lists the allowed ones in `Allow`).',
  },
  'bad-path': {
    severity: 'violation',
    status: 400,
    description: 'A path segment is not valid percent-encoding.',
  },
  'url-too-long': {
    severity: 'violation',
    status: 414,
    description: 'The URL is over 8,192 characters.',
  },
  'credential-missing': {
    severity: 'violation',
    status: 401,
    description: 'The operation needs a credential; neither `Authorization` nor the login cookie was sent.',
  },
  'credential-malformed': {
    severity: 'violation',
    status: 401,
    description:
      '`Authorization` matches no key format exactly (a `Bearer` prefix, a lower-case scheme word, two spaces, a wrong length), or the login cookie is not a token.',
  },
  'credential-wrong-kind': {
    severity: 'violation',
    status: 401,
    description: 'A well-formed credential of a kind the operation does not accept (a data key on the dashboard host).',
  },
  'credential-unknown': {
    severity: 'violation',
    status: 401,
    description: 'A well-formed key nobody issued, or a login session that does not exist (or has ended).',
  },
  'credential-revoked': {
    severity: 'violation',
    status: 401,
    description: 'A revoked organization or domain key, or an application key no longer valid.',
  },
  'credential-expired': {
    severity: 'violation',
    status: 401,
    description: 'A developer key past its expiry.',
  },
  csrf: {
    severity: 'violation',
    status: 403,
    description: 'A request other than GET made with the login cookie did not repeat its `c3d-csrf` token.',
  },
  'parameter-schema': {
    severity: 'violation',
    status: 400,
    description:
      'A path, query or header parameter is missing or fails its schema (`pointer`: `/query/version`, `/path/projectId`).',
  },
  'content-type': {
    severity: 'violation',
    status: 415,
    description:
      'The body’s `Content-Type` is missing or not one the operation takes (JSON sent as `text/plain`), or a file’s bytes contradict it.',
  },
  'body-malformed': {
    severity: 'violation',
    status: 400,
    description: 'The body is not valid JSON or multipart, is empty where one is required, or was cut off.',
  },
  'body-schema': {
    severity: 'violation',
    status: 400,
    description: 'The JSON body fails its schema: a missing or extra field, a wrong type (`pointer`: the field).',
  },
  'body-too-large': {
    severity: 'violation',
    status: 413,
    description: 'The body is over the size limit (`--max-body-size`).',
  },
  'role-refused': {
    severity: 'violation',
    status: 403,
    description: 'The caller sees the target but its role or key gives too little access (an observer’s write).',
  },
  'tenant-refused': {
    severity: 'violation',
    status: 404,
    description:
      'The target exists but belongs to a tenant the caller has no grant in (another organization’s project): answered 404, as if missing.',
  },
  'not-found': {
    severity: 'answer',
    status: 404,
    description:
      'The target the request names does not exist. A plain answer, not a violation: asking for a record that is not there is legitimate.',
  },
  'unknown-query-parameter': {
    severity: 'warning',
    description: 'A query parameter the operation does not document (a misspelling?): the mock ignores it.',
  },
  'legacy-key-format': {
    severity: 'warning',
    description:
      'The legacy `APIKEY:ORGANIZATION <key>` format: still accepted, but keys issued since May 2025 are sent bare (`orgkey-…`).',
  },
  'missing-accept': {
    severity: 'warning',
    description: 'No `Accept` header: the answer’s type is whatever the API chooses.',
  },
  // The answer's rules: judged by the validating proxy (`c3d-mock proxy`) on a real backend's answers, never by the mock.
  'answer-status-undocumented': {
    severity: 'violation',
    description: 'The proxy’s upstream answered a status the documents do not list for the operation.',
  },
  'answer-content-type': {
    severity: 'violation',
    description:
      'The upstream’s answer has no `Content-Type`, or one the documents do not list for the status (JSON served as `text/plain`, an upload served as `application/octet-stream`).',
  },
  'answer-not-json': {
    severity: 'violation',
    description: 'The upstream’s answer says it is JSON but does not parse as JSON.',
  },
  'answer-schema': {
    severity: 'violation',
    description:
      'The upstream’s JSON answer fails the schema of its status (a required field missing: `pointer` names it), or has a body where none is documented.',
  },
  'answer-header-missing': {
    severity: 'violation',
    description:
      'The upstream’s answer lacks a header the documents require for the status (`cvr-request-time` on data-host successes), or the header fails its schema.',
  },
  'answer-echoes-credential': {
    severity: 'violation',
    description:
      'The upstream’s answer repeats the request’s credential (its key or session token) in a header or the body.',
  },
} as const satisfies Record<string, RuleSpec>;

export type RuleId = keyof typeof rules;

type RulesOf<S extends Severity> = { [K in RuleId]: (typeof rules)[K]['severity'] extends S ? K : never }[RuleId];
export type ViolationRule = RulesOf<'violation'>;
export type WarningRule = RulesOf<'warning'>;

export const ruleIds = keysOf(rules);

export const isViolation = (rule: RuleId): rule is ViolationRule => rules[rule].severity === 'violation';
