import type { DocumentName } from '../spec/documents.ts';
import type { PrefilledCredentials } from './docs-credentials.ts';
import { keysOf } from '../guards.ts';

export const documentTitles: Record<DocumentName, string> = { api: 'Dashboard API', data: 'Data collector API' };

/** The docs page: Swagger UI from our own server, then the init script; absolute paths, so `/docs` and `/docs/` both work. */
export const docsPage = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>c3d-mock API reference</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-16x16.png" sizes="16x16">
    <style>body { margin: 0; background: #fafafa; }</style>
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

export interface DocsConfig {
  /** The document shown first: the one of the host the page was opened on. */
  primary: DocumentName;
  credentials: PrefilledCredentials;
}

/**
 * The init script: both documents behind the selector, no validator badge (it would call
 * validator.swagger.io), and the keys pre-filled each time a document is loaded (Swagger UI only
 * authorizes schemes of the document on screen).
 */
export function docsInitScript(config: DocsConfig): string {
  const urls = keysOf(documentTitles).map((name) => ({
    name: documentTitles[name],
    url: `/openapi/${name}.yaml`,
  }));
  return `'use strict';
const credentials = ${JSON.stringify(config.credentials)};
const prefill = (system) => {
  for (const [scheme, value] of Object.entries(credentials)) system.preauthorizeApiKey(scheme, value);
};
const PrefillCredentials = () => ({
  statePlugins: {
    spec: {
      wrapActions: {
        updateJsonSpec: (original, system) => (...args) => {
          const result = original(...args);
          prefill(system);
          return result;
        },
      },
    },
  },
});
window.ui = SwaggerUIBundle({
  dom_id: '#swagger-ui',
  urls: ${JSON.stringify(urls)},
  'urls.primaryName': ${JSON.stringify(documentTitles[config.primary])},
  validatorUrl: null,
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl, PrefillCredentials],
  layout: 'StandaloneLayout',
});
`;
}
