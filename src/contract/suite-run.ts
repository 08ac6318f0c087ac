import type { CompiledOperation } from '../spec/compile.ts';
import { responseMismatch } from '../spec/conformance.ts';
import { stringAt } from '../guards.ts';
import { bundledDocuments } from '../spec/load.ts';
import { bodyHead, isNoAnswer, send } from './http.ts';
import type { Answer, CaseResult, RequestSpec } from './model.ts';
import { askedPage, asPage, pagedOperations, pageProblems } from './pagination.ts';
import type { PrincipalsFile } from './principals.ts';
import { reproduction, SecretBook, type Sent } from './reproduce.ts';
import { answeredAsRouted } from './routed.ts';
import { inShard } from './shard.ts';
import type { SuiteOptions } from './run.ts';

/** The secrets of the principals file, each with the shell variable a reproduction's curl command reads it from. */
function secretsOf(file: PrincipalsFile): SecretBook {
  const book = new SecretBook();
  for (const principal of file.principals) {
    if ('authorization' in principal.credential)
      book.add(
        principal.credential.authorization,
        'authorization',
        'C3D_AUTHORIZATION',
        `the "authorization" of principal ${principal.name} in the principals file`,
      );
    else
      book.add(
        principal.credential.password,
        'password',
        'C3D_PASSWORD',
        `the password of principal ${principal.name} in the principals file`,
      );
  }
  for (const [index, revoked] of (file.revoked ?? []).entries())
    book.add(
      revoked.authorization,
      'authorization',
      'C3D_AUTHORIZATION',
      `the "authorization" of revoked[${index}] in the principals file`,
    );
  return book;
}

/** A request as `send` puts it on the wire: the base URL's origin and path, then the spec's path; the body's Content-Type last. */
function sentOf(base: string, spec: RequestSpec, headers: Record<string, string>): Sent {
  const sentHeaders = Object.fromEntries(
    Object.entries({ ...spec.headers, ...headers }).filter(([, value]) => value !== undefined),
  );
  if (spec.body) sentHeaders['content-type'] = spec.body.contentType;
  return { spec, url: `${base.replace(/\/$/, '')}${spec.path}`, headers: sentHeaders };
}

/**
 * One run of the suite against a target: what every part of it shares. It sends the requests (keeping what
 * was sent for each answer), records the results, holds the login sessions of the principals file's users,
 * and checks every answer against the documents.
 */
export class SuiteRun {
  readonly results: CaseResult[] = [];
  /** What the run leaves on the target, with the reason the API keeps it. */
  readonly leftOnTarget: string[] = [];
  readonly file: PrincipalsFile;
  private readonly secrets: SecretBook;
  /** What was sent for each answer, kept only as long as the answer is, for the reproduction of a failure. */
  private readonly sentFor = new WeakMap<Answer, Sent>();
  /** Each user principal's login: its cookie and CSRF token, or why it failed. */
  private readonly sessions = new Map<string, { cookie: string; csrf: string } | string>();
  /** The paginated operations of the documents, and how each is paged. */
  readonly paged = pagedOperations(Object.values(bundledDocuments));

  constructor(
    private readonly options: SuiteOptions,
    readonly byId: ReadonlyMap<string, CompiledOperation>,
  ) {
    this.file = options.file;
    this.secrets = secretsOf(options.file);
  }

  /** The operation of an id that the suite's cases and flows name, all of them operations of the documents. */
  operation(operationId: string): CompiledOperation {
    const operation = this.byId.get(operationId);
    if (!operation) throw new Error(`${operationId}: not an operation of the documents`);
    return operation;
  }

  /** Records a result; a failure also carries its reproduction (the request, the answer, a curl command), credentials masked. */
  record(result: CaseResult, answer?: Answer) {
    const sent = answer && this.sentFor.get(answer);
    const kept: CaseResult =
      result.outcome !== 'failed'
        ? result
        : {
            ...result,
            ...(result.message === undefined ? {} : { message: this.secrets.mask(result.message) }),
            ...(result.bodyHead === undefined ? {} : { bodyHead: this.secrets.mask(result.bodyHead) }),
            ...(answer && sent ? reproduction(sent, answer, this.secrets) : {}),
          };
    this.results.push(kept);
    this.options.onResult?.(kept);
  }

  /** Sends a request; one nothing answered comes back as status 0 with its reason (`isNoAnswer`), so it never stops the run. */
  async request(spec: RequestSpec, headers: Record<string, string>): Promise<Answer> {
    this.options.onRequest?.(spec);
    const base = spec.host === 'api' ? this.options.api : this.options.data;
    const answer = await send(base, spec, headers);
    this.sentFor.set(answer, sentOf(base, spec, headers));
    return answer;
  }

  /** What a passed check proves for coverage: nothing unless the answer shows the target served the operation. */
  provenBy(operation: CompiledOperation, answer: Answer, proves: CaseResult['proves']) {
    return proves && answeredAsRouted(operation, answer) ? proves : undefined;
  }

  /** Logs in every user principal once; their cookie and CSRF token serve all their cases. */
  async logIn() {
    for (const [position, principal] of this.file.principals.entries()) {
      if (!('email' in principal.credential)) continue;
      const answer = await this.request(
        {
          host: 'api',
          method: 'POST',
          path: '/sessions',
          body: { kind: 'json', contentType: 'application/json', text: JSON.stringify(principal.credential) },
        },
        {},
      );
      const cookie = /c3d_session_v5=([^;]+)/.exec(answer.headers['set-cookie'] ?? '')?.[1];
      const csrf = stringAt(answer.body, 'csrf');
      const ok = answer.status === 200 && cookie && csrf;
      this.sessions.set(
        principal.name,
        ok ? { cookie, csrf } : `login failed: ${isNoAnswer(answer) ? answer.text : `got ${answer.status}`}`,
      );
      if (ok) {
        this.secrets.add(
          cookie,
          'token',
          'C3D_SESSION',
          `the c3d_session_v5 cookie of a login as ${principal.name} (POST /v0/sessions with its email and password)`,
        );
        this.secrets.add(csrf, 'token', 'C3D_CSRF', `the csrf of the answer to that login as ${principal.name}`);
      }
      if (!inShard(this.options.shard, position)) continue;
      this.record(
        {
          group: 'credentials',
          rule: 'credentials.login',
          title: `log in as ${principal.name}`,
          operationId: 'createLoginSession',
          principal: principal.name,
          outcome: ok ? 'passed' : 'failed',
          expected: '200 with a c3d_session_v5 cookie and a csrf token',
          status: answer.status,
          contentType: answer.headers['content-type'],
          message: ok ? undefined : isNoAnswer(answer) ? answer.text : `got ${answer.status} ${bodyHead(answer.text)}`,
          proves: ok ? this.provenBy(this.operation('createLoginSession'), answer, 'allowed') : undefined,
        },
        answer,
      );
    }
  }

  /** Ends every login session the run opened, so that the target keeps none of them. */
  async logOut() {
    for (const [position, principal] of this.file.principals.entries()) {
      const session = this.sessions.get(principal.name);
      if (typeof session !== 'object') continue;
      const answer = await this.request(
        { host: 'api', method: 'DELETE', path: '/sessions/current' },
        { cookie: `c3d_session_v5=${session.cookie}`, 'c3d-csrf': session.csrf },
      );
      if (!inShard(this.options.shard, position)) continue;
      const ended = answer.status === 200 || answer.status === 204;
      const logout = this.operation('deleteCurrentLoginSession');
      this.record(
        {
          group: 'credentials',
          rule: 'credentials.logout',
          title: `log out as ${principal.name}`,
          operationId: 'deleteCurrentLoginSession',
          principal: principal.name,
          outcome: ended ? 'passed' : 'failed',
          expected: '200 or 204: the login session ends',
          status: answer.status,
          contentType: answer.headers['content-type'],
          bodyHead: ended ? undefined : bodyHead(answer.text),
          message: ended
            ? undefined
            : `${isNoAnswer(answer) ? answer.text : `got ${answer.status}`}: ` +
              `the login session of ${principal.name} may be left open on the target`,
          proves: ended ? this.provenBy(logout, answer, 'allowed') : undefined,
        },
        answer,
      );
      this.checkSchema(logout, answer, `log out as ${principal.name}`, principal.name);
    }
  }

  /** The credential headers of a principal (its key, or its login's cookie with the CSRF token), or why there are none. */
  credentialHeaders(principalName: string, withoutCsrf: boolean, method: string): Record<string, string> | string {
    const principal = this.file.principals.find((p) => p.name === principalName);
    if (!principal) return `no principal is named ${principalName}`;
    if ('authorization' in principal.credential) return { authorization: principal.credential.authorization };
    const session = this.sessions.get(principalName);
    if (session === undefined) return `${principalName} has not logged in`;
    if (typeof session === 'string') return session;
    return {
      cookie: `c3d_session_v5=${session.cookie}`,
      ...(method !== 'GET' && !withoutCsrf ? { 'c3d-csrf': session.csrf } : {}),
    };
  }

  /**
   * Checks an answer against the documents (status, content type, body, declared headers) and, for a page, its
   * pagination. With no answer there is nothing to judge: skipped when the request's own check reports the failure, else failed.
   */
  checkSchema(
    operation: CompiledOperation,
    answer: Answer,
    title: string,
    principal?: string,
    onNoAnswer: 'skipped' | 'failed' = 'skipped',
  ) {
    if (isNoAnswer(answer)) {
      this.record(
        {
          group: 'schema',
          rule: 'schema.conformance',
          title,
          operationId: operation.operationId,
          principal,
          outcome: onNoAnswer,
          expected: 'an answer the documents list',
          message: answer.text,
        },
        answer,
      );
      return;
    }
    const mismatch = responseMismatch(
      operation,
      answer.status,
      answer.headers['content-type'],
      answer.text,
      (name) => answer.headers[name],
    );
    this.record(
      {
        group: mismatch?.rule.startsWith('content-types') ? 'content-types' : 'schema',
        rule: mismatch?.rule ?? 'schema.conformance',
        title,
        operationId: operation.operationId,
        principal,
        outcome: mismatch ? 'failed' : 'passed',
        expected: 'an answer the documents list',
        status: answer.status,
        contentType: answer.headers['content-type'],
        bodyHead: mismatch ? bodyHead(answer.text) : undefined,
        message: mismatch?.message,
      },
      answer,
    );
    this.checkPage(operation, answer, title, principal);
  }

  /** A page answered must agree with itself and with the page asked (the schema check judges its shape). */
  private checkPage(operation: CompiledOperation, answer: Answer, title: string, principal?: string) {
    const paging = this.paged.get(operation.operationId);
    const sent = this.sentFor.get(answer);
    const page = asPage(answer.body);
    const asked = paging && sent && askedPage(sent.spec, paging);
    if (answer.status !== 200 || !page || !asked) return;
    const problems = pageProblems(page, asked);
    this.record(
      {
        group: 'pagination',
        rule: 'pagination.consistent',
        title,
        operationId: operation.operationId,
        principal,
        outcome: problems.length ? 'failed' : 'passed',
        expected: `page ${asked.page} of ${asked.limit} records, agreeing with count, pages and currentPage`,
        status: answer.status,
        contentType: answer.headers['content-type'],
        bodyHead: problems.length ? bodyHead(answer.text) : undefined,
        message: problems.length ? problems.join('; ') : undefined,
      },
      answer,
    );
  }
}
