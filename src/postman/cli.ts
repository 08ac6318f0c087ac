/** `npm run postman [-- --out DIR --api URL --data URL]`: writes the Postman collections and environment. */
import { parseArgs } from 'node:util';
import { exportPostman, mockBaseUrl, summarize } from './export.ts';

export const usage = `usage: npm run postman -- [--out DIR] [--api URL] [--data URL]
  --out DIR   where the files go (default reports/postman/)
  --api URL   the dashboard API's base URL in the environment (default ${mockBaseUrl('api')})
  --data URL  the data collector's base URL in the environment (default ${mockBaseUrl('data')})`;

function baseUrl(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--${flag}: ${value} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--${flag}: ${value} is not an http(s) URL`);
  return value.replace(/\/+$/, '');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, api: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const result = await exportPostman({
    outDir: values.out ?? 'reports/postman/',
    baseUrls: { api: baseUrl('api', values.api), data: baseUrl('data', values.data) },
  });
  console.log(summarize(result));
}

main().catch((error: Error) => {
  console.error(`postman: ${error.message}\n${usage}`);
  process.exit(1);
});
