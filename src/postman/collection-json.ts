/** The parts of a Postman v2.1 collection (https://schema.getpostman.com/json/collection/v2.1.0/) this export reads or writes. */

export const collectionSchemaUrl = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface KeyValue {
  key: string;
  value?: string | null;
  type?: string;
  disabled?: boolean;
  description?: unknown;
}

export type Auth = { type: 'noauth' } | { type: 'apikey'; apikey: KeyValue[] };

export interface FormPart {
  key: string;
  type: 'text' | 'file';
  value?: string;
  src?: string | string[] | null;
  disabled?: boolean;
  description?: string;
}

export type Body =
  | { mode: 'raw'; raw: string; options?: unknown }
  | { mode: 'formdata'; formdata: FormPart[] }
  | { mode: 'file'; file: { src: string | null } }
  | Record<string, never>;

export interface Url {
  raw?: string;
  host: string[];
  path: string[];
  query?: KeyValue[];
  variable?: KeyValue[];
}

export interface Request {
  method: string;
  url: Url;
  header: KeyValue[];
  body?: Body;
  auth?: Auth | null;
  description?: unknown;
}

export interface Event {
  listen: 'prerequest' | 'test';
  script: { type: 'text/javascript'; exec: string[] };
}

export interface RequestItem {
  id: string;
  name: string;
  request: Request;
  response?: { id?: string; originalRequest?: Request }[];
  event?: Event[];
}

export interface Folder {
  id?: string;
  name: string;
  item: (Folder | RequestItem)[];
  auth?: Auth;
}

export interface CollectionJson {
  info: { _postman_id?: string; name: string; schema: string; description?: unknown };
  item: (Folder | RequestItem)[];
  auth?: Auth;
  variable?: KeyValue[];
  event?: Event[];
}

export const isFolder = (entry: Folder | RequestItem): entry is Folder => 'item' in entry && Array.isArray(entry.item);

/** Every request item, depth first, with the folders above it (outermost first). */
export function* requestItems(
  entries: (Folder | RequestItem)[],
  folders: Folder[] = [],
): Generator<{ item: RequestItem; folders: Folder[] }> {
  for (const entry of entries) {
    if (isFolder(entry)) yield* requestItems(entry.item, [...folders, entry]);
    else yield { item: entry, folders };
  }
}
