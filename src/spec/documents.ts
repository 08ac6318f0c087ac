import { fileURLToPath } from 'node:url';

/** The two OpenAPI documents: the dashboard API and the data-collector API. */
export const documentNames = ['api', 'data'] as const;
export type DocumentName = (typeof documentNames)[number];

const root = fileURLToPath(new URL('../../', import.meta.url));

export const repoRoot = root;
export const sourcePath = (name: DocumentName) => `${root}openapi/${name}.yaml`;
export const bundlePath = (name: DocumentName) => `${root}src/generated/${name}.json`;
export const typesPath = (name: DocumentName) => `${root}src/generated/${name}.ts`;
export const lintConfigPath = `${root}openapi/redocly.yaml`;
