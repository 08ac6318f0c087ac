import type { Auth, CollectionJson, RequestItem } from './collection-json.ts';
import { isFolder, requestItems } from './collection-json.ts';

const same = (a: Auth | undefined, b: Auth | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The auth most requests use (the first of them on a tie). */
function mostUsed(auths: Auth[]): Auth | undefined {
  const counts = new Map<string, { auth: Auth; count: number }>();
  for (const auth of auths) {
    const entry = counts.get(JSON.stringify(auth)) ?? { auth, count: 0 };
    entry.count++;
    counts.set(JSON.stringify(auth), entry);
  }
  return [...counts.values()].reduce<{ auth: Auth; count: number } | undefined>(
    (best, entry) => (!best || entry.count > best.count ? entry : best),
    undefined,
  )?.auth;
}

/**
 * Puts each request's auth where Postman users look for it and change it once: the most used on the
 * collection, a folder's own when all its requests share one the collection does not have, and on a
 * request only where it differs from what it would inherit.
 */
export function placeAuth(collection: CollectionJson, wanted: Map<RequestItem, Auth>): void {
  const authOf = (item: RequestItem) => {
    const auth = wanted.get(item);
    if (!auth) throw new Error(`no auth decided for ${item.name}`);
    return auth;
  };
  collection.auth = mostUsed([...requestItems(collection.item)].map(({ item }) => authOf(item)));
  for (const folder of collection.item.filter(isFolder)) {
    const inside = [...requestItems(folder.item)].map(({ item }) => authOf(item));
    const shared = inside.every((auth) => same(auth, inside[0])) ? inside[0] : undefined;
    if (shared && !same(shared, collection.auth)) folder.auth = shared;
  }
  for (const { item, folders } of requestItems(collection.item)) {
    const inherited = [...folders].reverse().find((folder) => folder.auth)?.auth ?? collection.auth;
    if (same(authOf(item), inherited)) delete item.request.auth;
    else item.request.auth = authOf(item);
  }
}
