import type { MediaTypeObject, OpenAPI3, RequestBodyObject, ResponseObject } from 'openapi-typescript';
import { arrayAt, isRecord, recordAt, stringAt } from '../guards.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import { listOperations, resolve } from '../spec/operations.ts';
import type { CaseContext } from './cases/context.ts';
import { verdict } from './expectations.ts';
import type { Answer, RequestSpec } from './model.ts';
import { tenantOf } from './principals.ts';

/**
 * Pagination, as the documents define it: a paginated answer is the `Page` envelope `{count, pages,
 * currentPage, results}`, pages are 0-based, and the page and page size are asked for in the query string
 * (`page`, `limit`) or in the JSON body.
 */

/** How an operation is asked for a page. */
export interface Paging {
  in: 'query' | 'body';
  /** The page size when none is asked. */
  defaultLimit: number;
  maximumLimit?: number;
}

export interface AskedPage {
  page: number;
  limit: number;
}

interface Page {
  count: number;
  pages: number;
  currentPage: number;
  results: unknown[];
}

const pageSchema = '#/components/schemas/Page';

/** Whether a schema is the `Page` envelope, or builds on it with `allOf`. */
function isPageSchema(doc: OpenAPI3, schema: unknown, depth = 0): boolean {
  if (!isRecord(schema) || depth > 8) return false;
  const ref = stringAt(schema, '$ref');
  if (ref === pageSchema) return true;
  if (ref) return isPageSchema(doc, resolve<unknown>(doc, schema), depth + 1);
  return (arrayAt(schema, 'allOf') ?? []).some((part) => isPageSchema(doc, part, depth + 1));
}

/** The page sizes a `limit` schema gives: its default (else `fallback`) and its maximum. */
const limitOf = (schema: unknown, fallback: number) => {
  const { default: defaultLimit, maximum } = isRecord(schema) ? schema : {};
  return {
    defaultLimit: typeof defaultLimit === 'number' ? defaultLimit : fallback,
    ...(typeof maximum === 'number' ? { maximumLimit: maximum } : {}),
  };
};

/** The paginated operations of the documents (a 200 that is a `Page`), by operation id. */
export function pagedOperations(docs: OpenAPI3[]): Map<string, Paging> {
  const paged = new Map<string, Paging>();
  for (const doc of docs) {
    for (const { operation, parameters } of listOperations(doc)) {
      const { operationId } = operation;
      if (operationId === undefined) continue;
      const ok = operation.responses?.['200'] && resolve<ResponseObject>(doc, operation.responses['200']);
      if (!ok || !isPageSchema(doc, ok.content?.['application/json']?.schema)) continue;
      const limitParameter = parameters.find((parameter) => parameter.in === 'query' && parameter.name === 'limit');
      if (limitParameter) {
        paged.set(operationId, { in: 'query', ...limitOf(resolve<unknown>(doc, limitParameter.schema), 25) });
        continue;
      }
      const body = operation.requestBody && resolve<RequestBodyObject>(doc, operation.requestBody);
      const media =
        body?.content['application/json'] && resolve<MediaTypeObject>(doc, body.content['application/json']);
      const limit = media?.schema && recordAt(resolve<unknown>(doc, media.schema), 'properties')?.limit;
      if (limit) paged.set(operationId, { in: 'body', ...limitOf(resolve<unknown>(doc, limit), 25) });
    }
  }
  return paged;
}

const integer = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
};

/** The page and page size a request asks for (the documented defaults where it names none); undefined when it cannot be read. */
export function askedPage(request: RequestSpec, paging: Paging): AskedPage | undefined {
  let page: unknown;
  let limit: unknown;
  if (paging.in === 'query') {
    const query = new URLSearchParams(request.path.split('?')[1] ?? '');
    page = query.get('page') ?? undefined;
    limit = query.get('limit') ?? undefined;
  } else {
    if (request.body?.kind !== 'json') return undefined;
    let body: unknown;
    try {
      body = JSON.parse(request.body.text);
    } catch {
      return undefined;
    }
    if (typeof body !== 'object' || body === null) return undefined;
    page = 'page' in body ? body.page : undefined;
    limit = 'limit' in body ? body.limit : undefined;
  }
  const askedNumber = page === undefined ? 0 : integer(page);
  const askedLimit = limit === undefined ? paging.defaultLimit : integer(limit);
  return askedNumber === undefined || askedLimit === undefined || askedLimit < 1
    ? undefined
    : { page: askedNumber, limit: askedLimit };
}

/** The request asking for another page and page size. */
export function withPage(request: RequestSpec, paging: Paging, { page, limit }: AskedPage): RequestSpec {
  if (paging.in === 'query') {
    const [path, search = ''] = request.path.split('?');
    const query = new URLSearchParams(search);
    query.set('page', String(page));
    query.set('limit', String(limit));
    return { ...request, path: `${path}?${query}` };
  }
  if (request.body?.kind !== 'json')
    throw new Error(`${request.method} ${request.path}: no JSON body to ask a page in`);
  const body: unknown = JSON.parse(request.body.text);
  const fields = typeof body === 'object' ? body : {};
  return {
    ...request,
    body: { kind: 'json', contentType: 'application/json', text: JSON.stringify({ ...fields, page, limit }) },
  };
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** The body as a page, when it has the envelope's shape (the schema check judges the rest). */
export function asPage(body: unknown): Page | undefined {
  if (!isRecord(body)) return undefined;
  const { count, pages, currentPage, results } = body;
  return isCount(count) && isCount(pages) && isCount(currentPage) && Array.isArray(results)
    ? { count, pages, currentPage, results }
    : undefined;
}

/**
 * What is inconsistent in a page: more records than asked; `currentPage` other than the page asked; `pages`
 * other than `count` records at the size asked make; a page before the last that is not full; a last page that
 * does not hold what `count` leaves; a page past the last that is not empty.
 */
export function pageProblems(page: Page, asked: AskedPage): string[] {
  const problems: string[] = [];
  const held = page.results.length;
  const pages = Math.ceil(page.count / asked.limit);
  if (held > asked.limit) problems.push(`results holds ${held} records, more than the limit ${asked.limit}`);
  if (page.currentPage !== asked.page)
    problems.push(`currentPage is ${page.currentPage}, but page ${asked.page} was asked`);
  if (page.pages !== pages)
    problems.push(`pages is ${page.pages}, but count ${page.count} at ${asked.limit} a page makes ${pages}`);
  if (asked.page < pages - 1 && held !== asked.limit)
    problems.push(`page ${asked.page} of ${pages} is not the last, yet holds ${held} records, not ${asked.limit}`);
  const left = page.count - asked.limit * (pages - 1);
  if (asked.page === pages - 1 && held !== left)
    problems.push(`the last page (${asked.page}) holds ${held} records, but count ${page.count} leaves ${left}`);
  if (asked.page >= pages && held !== 0)
    problems.push(`page ${asked.page} is past the last (${pages} pages), yet holds ${held} records`);
  return problems;
}

/** One list the suite walks page by page: a paginated operation, aimed at a principal's own tenant. */
export interface WalkPlan {
  operation: CompiledOperation;
  principal: string;
  request: RequestSpec;
  paging: Paging;
}

/** For each paginated operation, the first principal let through on its own tenant whose resources can address it. */
export function walkPlans({ file, operations, aimer }: CaseContext, paged: Map<string, Paging>): WalkPlan[] {
  const plans: WalkPlan[] = [];
  for (const operation of operations) {
    const paging = paged.get(operation.operationId);
    if (!paging) continue;
    for (const principal of file.principals) {
      const resources = tenantOf(file, principal);
      if (operation.credentialKinds.size > 0 && !operation.credentialKinds.has(principal.kind)) continue;
      if (verdict(file, principal, operation, resources) !== 'allowed') continue;
      const request = aimer.aim(operation, resources, 'example');
      if ('unaimable' in request || !askedPage(request, paging)) continue;
      plans.push({ operation, principal: principal.name, request, paging });
      break;
    }
  }
  return plans;
}

/** Small pages, so that even a short list spans several; at most this many pages are walked. */
const walkLimit = 3;
const maxWalkPages = 50;

export interface WalkOutcome {
  /** What went wrong, if anything. */
  problem?: string;
  /** Why the walk proves nothing (an empty list, or one too long to walk whole), when it found nothing wrong. */
  unproven?: string;
  summary: string;
}

/**
 * Walks every page of a list (and one past the last): the records of all pages must be `count` distinct ones.
 * Each answer's own consistency is judged by the caller's `send` (which checks every answer it gets).
 */
export async function walkPages(plan: WalkPlan, send: (request: RequestSpec) => Promise<Answer>): Promise<WalkOutcome> {
  const { paging } = plan;
  const fetch = async (asked: AskedPage) => {
    const answer = await send(withPage(plan.request, paging, asked));
    return { answer, page: answer.status === 200 ? asPage(answer.body) : undefined };
  };
  let limit = Math.min(walkLimit, paging.maximumLimit ?? walkLimit);
  let first = await fetch({ page: 0, limit });
  if (!first.page) return { problem: `page 0 answered ${first.answer.status}, not a page`, summary: '' };
  const count = first.page.count;
  if (count === 0) return { unproven: 'the list is empty: there is nothing to walk', summary: 'count 0' };
  if (Math.ceil(count / limit) > maxWalkPages) {
    limit = Math.min(paging.maximumLimit ?? Infinity, Math.ceil(count / maxWalkPages));
    first = await fetch({ page: 0, limit });
    if (!first.page)
      return { problem: `page 0 (limit ${limit}) answered ${first.answer.status}, not a page`, summary: '' };
  }
  const pages = Math.ceil(count / limit);
  const walked = Math.min(pages, maxWalkPages);
  const seen = new Set<string>();
  let duplicates = 0;
  for (let number = 0; number <= walked; number++) {
    const { answer, page } = number === 0 ? first : await fetch({ page: number, limit });
    if (!page) return { problem: `page ${number} answered ${answer.status}, not a page`, summary: '' };
    if (page.count !== count)
      return { problem: `count changed from ${count} to ${page.count} at page ${number}`, summary: '' };
    for (const record of page.results) {
      const identity = JSON.stringify(record);
      if (seen.has(identity)) duplicates++;
      seen.add(identity);
    }
    if (number === walked - 1 && walked < pages) break;
  }
  const summary = `${walked} of ${pages} pages of ${limit}: ${seen.size} distinct records, count ${count}`;
  if (duplicates > 0)
    return {
      problem: `${duplicates} record${duplicates === 1 ? '' : 's'} came back on more than one page (${summary})`,
      summary,
    };
  if (walked < pages)
    return {
      unproven: `the list is too long to walk whole (${pages} pages at the largest page size); the first ${walked} pages held no repeated record`,
      summary,
    };
  if (seen.size !== count)
    return { problem: `walking every page gave ${seen.size} distinct records, but count is ${count}`, summary };
  return { summary };
}
