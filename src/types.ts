/** `c3d-mock/types`: the types openapi-typescript generates from both documents. */
export type { paths as ApiPaths, components as ApiComponents, operations as ApiOperations } from './generated/api.ts';
export type {
  paths as DataPaths,
  components as DataComponents,
  operations as DataOperations,
} from './generated/data.ts';
