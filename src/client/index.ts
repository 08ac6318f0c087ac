/** `c3d-mock/client`: typed clients of both hosts. */
export {
  createApiClient,
  createDataClient,
  productionBaseUrls,
  rawBody,
  type ApiClient,
  type C3dClientOptions,
  type CheckedMethod,
  type DataClient,
  type NoExcess,
  type TypedClient,
} from './client.ts';
export { login, seedPassword, type LoggedIn } from './login.ts';
export { credentialHeaders, type ClientCredential } from './credentials.ts';
export type * from '../types.ts';
