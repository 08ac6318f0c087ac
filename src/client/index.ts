/** `c3d-mock/client`: typed clients of both hosts. */
export {
  createApiClient,
  createDataClient,
  productionBaseUrls,
  rawBody,
  type ApiClient,
  type C3dClientOptions,
  type DataClient,
} from './client.ts';
export { credentialHeaders, type ClientCredential } from './credentials.ts';
export type * from '../types.ts';
