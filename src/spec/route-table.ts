/**
 * A route table compiled once from the documents' path templates: a trie of path segments, literal
 * segments before parameters, so a request is matched in time proportional to its path's length.
 */
export interface RouteMatch<T> {
  route: T;
  readonly params: Readonly<Record<string, string>>;
}

export type RouteLookup<T> =
  | { kind: 'found'; match: RouteMatch<T> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path'; message: string };

interface Node<T> {
  literals: Map<string, Node<T>>;
  param?: { name: string; node: Node<T> };
  routes: Map<string, T>;
}

const newNode = <T>(): Node<T> => ({ literals: new Map(), routes: new Map() });

/** How many paths' lookups are kept: every request looks its path up, and clients ask the same paths again. */
const keptLookups = 2048;

export class RouteTable<T> {
  private readonly root = newNode<T>();
  /** Lookups by method and path, shared by the requests that ask again (their results are read, never changed). */
  private readonly kept = new Map<string, RouteLookup<T>>();

  add(method: string, template: string, route: T): void {
    let node = this.root;
    for (const segment of template.split('/').slice(1)) {
      const [, name] = /^\{(.+)\}$/.exec(segment) ?? [];
      if (name !== undefined) {
        if (node.param && node.param.name !== name) {
          throw new Error(`${template}: parameter {${name}} clashes with {${node.param.name}} at the same place`);
        }
        node.param ??= { name, node: newNode<T>() };
        node = node.param.node;
      } else {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = newNode<T>()));
        node = next;
      }
    }
    if (node.routes.has(method)) throw new Error(`${method} ${template} is defined twice`);
    node.routes.set(method, route);
    this.kept.clear();
  }

  /** Matches a path (without the base path); a trailing slash or an empty segment never matches. */
  lookup(method: string, path: string): RouteLookup<T> {
    const key = `${method} ${path}`;
    const kept = this.kept.get(key);
    if (kept) return kept;
    const found = this.match(method, path);
    if (this.kept.size >= keptLookups) this.kept.clear();
    this.kept.set(key, found);
    return found;
  }

  private match(method: string, path: string): RouteLookup<T> {
    const segments = path.split('/').slice(1);
    const captured: string[] = [];
    const node = this.walk(this.root, segments, 0, captured);
    if (!node) return { kind: 'not-found' };
    const route = node.routes.get(method);
    if (!route) return { kind: 'method-not-allowed', allowed: [...node.routes.keys()] };
    const params: Record<string, string> = {};
    for (let i = 0; i < captured.length; i += 2) {
      const name = captured[i];
      const value = captured[i + 1];
      if (name === undefined || value === undefined) break;
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return { kind: 'bad-path', message: `path parameter ${name} is not valid percent-encoding` };
      }
    }
    return { kind: 'found', match: { route, params } };
  }

  private walk(node: Node<T>, segments: string[], index: number, captured: string[]): Node<T> | undefined {
    const segment = segments[index];
    if (segment === undefined) return node.routes.size > 0 ? node : undefined;
    if (segment === '') return undefined;
    const literal = node.literals.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, index + 1, captured);
      if (found) return found;
    }
    if (node.param) {
      captured.push(node.param.name, segment);
      const found = this.walk(node.param.node, segments, index + 1, captured);
      if (found) return found;
      captured.length -= 2;
    }
    return undefined;
  }
}
