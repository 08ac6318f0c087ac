import { convertV2, type Options } from 'openapi-to-postmanv2';
import type { OpenAPI3 } from 'openapi-typescript';
import type { CollectionJson } from './collection-json.ts';

/** The converter's options (see node_modules/openapi-to-postmanv2/OPTIONS.md), each chosen for this API. */
export const conversionOptions: Options = {
  // One folder per resource group: every operation has exactly one tag; by paths the folders would nest
  // under `projects/{projectId}/…` several levels deep.
  folderStrategy: 'Tags',
  // Path, query and body values from the documents' examples, which use the default seed's ids, instead of
  // `<integer>` placeholders: a request works against the mock as it is imported.
  parametersResolution: 'Example',
  // Optional query parameters are listed but unticked: some have no example and would be sent with a faked
  // value (a random `sdkSceneId`) that points at nothing.
  enableOptionalParameters: false,
  // Saved responses are documentation; the credentials belong on the collection, folders and requests.
  includeAuthInfoInExample: false,
  // The converter sends every apiKey scheme as one `{{apiKey}}` and the cookie scheme as a header of that
  // name; with this it writes no auth at all, and `credentials.ts` sets it from each operation's `security`.
  alwaysInheritAuthentication: true,
  // Requests are named after the operation's summary.
  requestNameSource: 'Fallback',
};

/** One document through Postman's own converter (its v2 interface, the one the Postman app imports with). */
export function convertWithPostman(document: OpenAPI3): Promise<CollectionJson> {
  return new Promise((resolve, reject) => {
    // The converter is handed a copy: it may annotate the object it is given.
    convertV2({ type: 'json', data: structuredClone(document) }, conversionOptions, (error, result) => {
      if (error) return reject(new Error(`openapi-to-postmanv2: ${error.message}`));
      const collection = result?.result ? result.output?.[0]?.data : undefined;
      if (!collection) return reject(new Error(`openapi-to-postmanv2: ${result?.reason ?? 'no collection produced'}`));
      // Cast kept: the converter types its output as `object`; it is a Postman v2.1 collection.
      resolve(collection as CollectionJson);
    });
  });
}
