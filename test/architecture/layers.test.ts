import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { layerViolations, type Import } from './layer-check.ts';
import { layers, type Layer } from './layers.ts';

async function sourceImports(root: string): Promise<Import[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  const imports: Import[] = [];
  for (const path of files) {
    const file = relative(root, path);
    // Static, dynamic and type-only imports and re-exports alike.
    for (const { fileName: specifier } of ts.preProcessFile(await readFile(path, 'utf8'), true, true).importedFiles) {
      if (!specifier.startsWith('.')) continue;
      imports.push({ file, specifier, imported: join(dirname(file), specifier) });
    }
  }
  return imports;
}

describe('the layers of src/', () => {
  it('every file imports only its own unit and the layers below', async () => {
    expect(layerViolations(await sourceImports('src'), layers)).toEqual([]);
  });

  it('every unit of the list exists, once', async () => {
    const units = layers.flatMap((layer) => layer.units);
    expect(new Set(units).size).toBe(units.length);
    const paths = new Set((await readdir('src', { recursive: true })).map((path) => path.split('\\').join('/')));
    expect(units.filter((unit) => !paths.has(unit))).toEqual([]);
  });

  it('names an upward import, an import across one layer and a cycle', () => {
    const list: Layer[] = [{ units: ['low'] }, { units: ['left', 'right'] }, { units: ['high'] }];
    const imports: Import[] = [
      { file: 'low/a.ts', specifier: '../high/b.ts', imported: 'high/b.ts' },
      { file: 'high/b.ts', specifier: '../low/a.ts', imported: 'low/a.ts' },
      { file: 'left/c.ts', specifier: '../right/d.ts', imported: 'right/d.ts' },
      { file: 'stray/e.ts', specifier: '../low/a.ts', imported: 'low/a.ts' },
    ];
    expect(layerViolations(imports, list)).toEqual([
      "low/a.ts imports '../high/b.ts': low may not import high, a layer above",
      "left/c.ts imports '../right/d.ts': left may not import right, on its own layer",
      'stray/e.ts is in no layer',
      'cycle between units: high, low',
    ]);
  });
});
