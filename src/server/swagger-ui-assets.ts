import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The files of `swagger-ui-dist` the docs page loads, by name, with their content types: nothing else is served. */
export const swaggerUiAssets: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'text/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
  ['favicon-16x16.png', 'image/png'],
]);

export interface Asset {
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

const packageDirectory = () => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const loaded = new Map<string, Promise<Asset>>();

/**
 * What loads one listed asset (nothing is read until it is called): read from the installed package once and kept
 * in memory. Undefined for any other name. Names are looked up as they are, never joined to a path unchecked, so no
 * request reaches another file.
 */
export function swaggerUiAssetLoader(name: string): (() => Promise<Asset>) | undefined {
  const contentType = swaggerUiAssets.get(name);
  if (contentType === undefined) return undefined;
  return () => {
    let asset = loaded.get(name);
    if (!asset) {
      asset = readFile(join(packageDirectory(), name)).then((bytes) => ({ contentType, bytes: new Uint8Array(bytes) }));
      asset.catch(() => loaded.delete(name));
      loaded.set(name, asset);
    }
    return asset;
  };
}
