import { fileURLToPath } from 'node:url';

import type { DocumentName } from './document-names.ts';

export { documentNames, type DocumentName } from './document-names.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const repoRoot = root;
export const sourcePath = (name: DocumentName) => `${root}openapi/${name}.yaml`;
export const bundlePath = (name: DocumentName) => `${root}src/generated/${name}.json`;
export const typesPath = (name: DocumentName) => `${root}src/generated/${name}.ts`;
export const lintConfigPath = `${root}openapi/redocly.yaml`;
