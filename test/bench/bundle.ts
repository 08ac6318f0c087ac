/**
 * The size of a Vite-built page that uses `createHandlers` (MSW in the browser): builds a minimal page into a
 * temporary directory under node_modules/.cache (production mode, minified) and measures the JavaScript the page
 * loads (its entry and what that imports), minified and gzipped, and apart from it the chunks loaded only on demand
 * (Ajv's compiler, for `validateResponses`). `npx tsx test/bench/bundle.ts` prints it alone (`--keep` leaves the build and names its directory); `npm run bench`
 * prints it as a row of its own.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface BundleSize {
  /** The JS the page loads (entry and static imports), in bytes: as Vite minified it, and gzipped (level 9). */
  minifiedBytes: number;
  gzipBytes: number;
  /** The chunks only a dynamic import loads. */
  lazyMinifiedBytes: number;
  lazyGzipBytes: number;
  files: { name: string; minifiedBytes: number; gzipBytes: number; lazy: boolean }[];
  /** The build's directory when kept. */
  dir?: string;
}

const page = (handlers: string) => `import { setupWorker } from 'msw/browser';
import { createHandlers } from '${handlers}';

const { mock, handlers } = createHandlers();
await setupWorker(...handlers).start({ onUnhandledRequest: 'bypass', quiet: true });
const answer = await fetch('https://api.cognitive3d.com/v0/projects/1001', {
  headers: { authorization: 'orgkey-ac3e0000000000000000000000000001' },
});
document.body.textContent = \`\${answer.status} \${(await answer.text()).length} \${mock.db.projects.count()}\`;
`;

/** Builds the page with Vite (minified) into a temporary directory and measures its JavaScript. */
export async function measureBundle(options: { keep?: boolean } = {}): Promise<BundleSize> {
  const { build } = await import('vite');
  // Inside the repository (node_modules/.cache), so the page resolves msw as the project's own pages do.
  const cache = join(repoRoot, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, 'c3d-bundle-'));
  const out = join(dir, 'dist');
  try {
    const handlers = relative(dir, join(repoRoot, 'src/msw/handlers.ts')).replaceAll('\\', '/');
    await writeFile(join(dir, 'main.ts'), page(handlers.startsWith('.') ? handlers : `./${handlers}`));
    await writeFile(join(dir, 'index.html'), '<!doctype html><script type="module" src="./main.ts"></script>\n');
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      mode: 'production',
      resolve: { alias: [] },
      server: { fs: { allow: [repoRoot, dir] } },
      build: {
        outDir: out,
        emptyOutDir: true,
        manifest: true,
        minify: true,
        target: 'es2022',
        reportCompressedSize: false,
        sourcemap: process.env.BUNDLE_SOURCEMAP === '1',
      },
    });
    // What the page loads: the entry's chunk and, transitively, its static imports (Vite's manifest).
    const manifest = JSON.parse(await readFile(join(out, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      { file: string; isEntry?: boolean; imports?: string[] }
    >;
    const loaded = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || loaded.has(chunk.file)) return;
      loaded.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
    const files: BundleSize['files'] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.js')) {
          const bytes = await readFile(path);
          const name = relative(out, path).replaceAll('\\', '/');
          files.push({
            name,
            minifiedBytes: bytes.length,
            gzipBytes: gzipSync(bytes, { level: 9 }).length,
            lazy: !loaded.has(name),
          });
        }
      }
    };
    await walk(out);
    files.sort((a, b) => b.minifiedBytes - a.minifiedBytes);
    const sum = (lazy: boolean, key: 'minifiedBytes' | 'gzipBytes') =>
      files.filter((file) => file.lazy === lazy).reduce((total, file) => total + file[key], 0);
    return {
      minifiedBytes: sum(false, 'minifiedBytes'),
      gzipBytes: sum(false, 'gzipBytes'),
      lazyMinifiedBytes: sum(true, 'minifiedBytes'),
      lazyGzipBytes: sum(true, 'gzipBytes'),
      files,
      dir: options.keep ? dir : undefined,
    };
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

export const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;

/** The bench's row: `| page using createHandlers (Vite, minified) | 1,208 KB | 334 KB gzip |`. */
export async function bundleRow(): Promise<{ row: string; size: BundleSize; met: boolean }> {
  const size = await measureBundle();
  const met = size.minifiedBytes <= 500 * 1024 && size.gzipBytes <= 150 * 1024;
  return {
    row: `JS of a Vite-built page using createHandlers: ${kb(size.minifiedBytes)} minified, ${kb(size.gzipBytes)} gzip (target ≤ 500 KB / ≤ 150 KB; on demand: ${kb(size.lazyMinifiedBytes)}, ${kb(size.lazyGzipBytes)} gzip)`,
    size,
    met,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const size = await measureBundle({ keep: process.argv.includes('--keep') });
  for (const file of size.files)
    console.log(
      `${file.name}: ${kb(file.minifiedBytes)} minified, ${kb(file.gzipBytes)} gzip${file.lazy ? ' (on demand)' : ''}`,
    );
  console.log(`loaded by the page: ${kb(size.minifiedBytes)} minified, ${kb(size.gzipBytes)} gzip`);
  console.log(
    `on demand: ${kb(size.lazyMinifiedBytes)} minified, ${kb(size.lazyGzipBytes)} gzip${size.dir ? ` (kept in ${size.dir})` : ''}`,
  );
}
