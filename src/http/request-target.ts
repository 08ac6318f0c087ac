/** What the pipeline reads of a request's URL: a `URL` has it, and so has the lighter `PlainTarget`. */
export interface RequestTarget {
  readonly pathname: string;
  /** The query with its `?`, or '' when there is none. */
  readonly search: string;
  readonly searchParams: URLSearchParams;
}

/**
 * A request target that is already its URL's path and query (nothing the URL parser would rewrite, as the Node
 * adapter finds most are), read without parsing the URL; the query parameters are parsed on first use.
 */
export class PlainTarget implements RequestTarget {
  readonly pathname: string;
  readonly search: string;
  #searchParams: URLSearchParams | undefined;

  constructor(target: string) {
    const fragment = target.indexOf('#');
    const beforeFragment = fragment === -1 ? target : target.slice(0, fragment);
    const query = beforeFragment.indexOf('?');
    this.pathname = query === -1 ? beforeFragment : beforeFragment.slice(0, query);
    // As a URL's: '' for no query and for a lone '?'.
    this.search = query === -1 || query === beforeFragment.length - 1 ? '' : beforeFragment.slice(query);
  }

  get searchParams(): URLSearchParams {
    this.#searchParams ??= new URLSearchParams(this.search);
    return this.#searchParams;
  }
}

/**
 * The request's target: its own plain one when it carries it (`plainTarget`: the Node adapter's requests, read once
 * for the server's routing and the pipeline), otherwise its URL parsed.
 */
export function requestTarget(request: Request): RequestTarget {
  const plain = 'plainTarget' in request ? request.plainTarget : undefined;
  return plain instanceof PlainTarget ? plain : new URL(request.url);
}
