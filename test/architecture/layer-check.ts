import type { Layer } from './layers.ts';

/** One relative import: the importing file and the imported path, both relative to `src/`. */
export interface Import {
  file: string;
  specifier: string;
  imported: string;
}

/** The unit a path under `src/` belongs to: the longest one its path starts with. */
function unitOf(path: string, list: readonly Layer[]): string | undefined {
  const units = list.flatMap((layer) => layer.units);
  return units.filter((unit) => path === unit || path.startsWith(`${unit}/`)).sort((a, b) => b.length - a.length)[0];
}

/** Every import that breaks the layering, one line each naming the file, the import and the rule broken. */
export function layerViolations(imports: readonly Import[], list: readonly Layer[]): string[] {
  const layerOf = new Map(list.flatMap((layer, index) => layer.units.map((unit) => [unit, index] as const)));
  const problems: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const { file, specifier, imported } of imports) {
    const from = unitOf(file, list);
    if (from === undefined) {
      problems.push(`${file} is in no layer`);
      continue;
    }
    if (imported.startsWith('..')) continue; // outside src/ (fixtures, package.json)
    const to = unitOf(imported, list);
    if (to === undefined) {
      problems.push(`${file} imports '${specifier}', which is in no layer`);
      continue;
    }
    if (from === to) continue;
    edges.set(from, (edges.get(from) ?? new Set()).add(to));
    const [fromLayer, toLayer] = [layerOf.get(from)!, layerOf.get(to)!];
    if (toLayer > fromLayer)
      problems.push(`${file} imports '${specifier}': ${from} may not import ${to}, a layer above`);
    if (toLayer === fromLayer && !list[fromLayer]!.mayImportEachOther)
      problems.push(`${file} imports '${specifier}': ${from} may not import ${to}, on its own layer`);
  }
  return [...problems, ...cycles(edges)];
}

/** Each set of units that import each other round a cycle (a strongly connected set), named in order. */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const reach = (start: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0)
      for (const next of edges.get(stack.pop()!) ?? []) if (!seen.has(next)) stack.push(next), seen.add(next);
    return seen;
  };
  const reachable = new Map([...edges.keys()].map((unit) => [unit, reach(unit)]));
  const groups = new Set<string>();
  for (const [unit, seen] of reachable) {
    if (!seen.has(unit)) continue;
    const group = [...seen].filter((other) => reachable.get(other)?.has(unit)).sort();
    groups.add(group.join(', '));
  }
  return [...groups].map((group) => `cycle between units: ${group}`);
}
