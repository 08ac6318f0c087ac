import { noSessionData } from './session-flags.ts';
import type { SeedData } from './store.ts';
import type { JsonRecord } from './table.ts';

/** A small, fast, seedable PRNG (mulberry32): the same `randomSeed` always gives the same seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Headsets with their manufacturer and platform, as the SDKs report them in `c3d.device.*`. */
const devices = [
  ['Meta Quest 3', 'Meta', 'Android'],
  ['Meta Quest Pro', 'Meta', 'Android'],
  ['HTC Vive XR Elite', 'HTC', 'Android'],
  ['Pico 4', 'Pico', 'Android'],
  ['Apple Vision Pro', 'Apple', 'visionOS'],
] as const;
/** Country, ISO code and city of `c3d.geo.*`. */
const places = [
  ['United States', 'US', 'Chicago'],
  ['Canada', 'CA', 'Toronto'],
  ['Germany', 'DE', 'Berlin'],
  ['Japan', 'JP', 'Osaka'],
  ['Sweden', 'SE', 'Stockholm'],
  ['Brazil', 'BR', 'São Paulo'],
] as const;
const customEvents = ['Forklift Started', 'Pallet Dropped', 'Safety Check', 'Door Opened', 'Item Picked'];

/**
 * The base seed plus `sessions` generated sessions spread over its scene versions: realistic records with
 * events, properties, tags and a little gaze, deterministic for a given `randomSeed`. Ids continue after the
 * base seed's.
 */
// Over 80 lines, kept whole: one session record written out in full, whose random draws' order fixes the output.
export function generateSeed(base: SeedData, sessions: number, randomSeed = 1): SeedData {
  const next = random(randomSeed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('generateSeed: the base seed has no scene versions to give sessions');
    return item;
  };
  const projects = new Map((base.projects ?? []).map((p) => [p.id, p]));
  const scenes = new Map((base.scenes ?? []).map((s) => [s.id, s]));
  const versions = (base.sceneVersions ?? []).map((version) => {
    const project = projects.get(scenes.get(version.sceneId)?.projectId);
    if (!project) throw new Error(`generateSeed: scene version ${version.id} has no scene or project in the base seed`);
    return { versionId: version.id, projectId: project.id, organizationId: project.organizationId };
  });
  const counts = new Map<unknown, number>();
  const start = Date.UTC(2025, 0, 1);
  const span = Date.UTC(2026, 10, 1) - start;
  let id = Math.max(0, ...(base.sessions ?? []).map((s) => Number(s.id)));
  const generated: JsonRecord[] = [];
  for (let i = 0; i < sessions; i++) {
    const place = pick(versions);
    counts.set(place.versionId, (counts.get(place.versionId) ?? 0) + 1);
    const begin = start + Math.floor(next() * span);
    const duration = 60_000 + Math.floor(next() * 1_800_000);
    const device =
      Math.floor(next() * 0xffffffff)
        .toString(16)
        .padStart(8, '0') + (i >>> 0).toString(16).padStart(8, '0');
    const participant = `participant-${Math.floor(next() * Math.max(10, sessions / 4))}`;
    const tags = next() < 0.08 ? ['test'] : next() < 0.05 ? ['junk'] : [];
    const [hmd, manufacturer, platform] = pick(devices);
    const [country, countryIso, city] = pick(places);
    const iso = (ms: number) => new Date(ms).toISOString();
    const events = [
      {
        name: 'c3d.sessionStart',
        date: iso(begin),
        x: 0,
        y: 1.6,
        z: 0,
        object: null,
        parentSceneVersionId: place.versionId,
        properties: {},
        eventHash: Math.floor(next() * 2 ** 52),
      },
      ...Array.from({ length: 1 + Math.floor(next() * 4) }, (_, n) => ({
        name: pick(customEvents),
        date: iso(begin + Math.floor((duration * (n + 1)) / 6)),
        x: Math.round(next() * 1000) / 100,
        y: 0,
        z: Math.round(next() * 1000) / 100,
        object: null,
        parentSceneVersionId: place.versionId,
        properties: { score: Math.floor(next() * 100) },
        eventHash: Math.floor(next() * 2 ** 52),
      })),
      {
        name: 'c3d.sessionEnd',
        date: iso(begin + duration),
        x: 0,
        y: 1.6,
        z: 0,
        object: null,
        parentSceneVersionId: place.versionId,
        properties: { sessionlength: duration / 1000 },
        eventHash: Math.floor(next() * 2 ** 52),
      },
    ];
    const sessionId = `${Math.floor(begin / 1000)}_${device}`;
    generated.push({
      sessionId,
      sdkSessionId: sessionId,
      id: ++id,
      projectId: place.projectId,
      organizationId: place.organizationId,
      participantId: participant,
      friendlyName: `Session ${id}`,
      date: iso(begin),
      endDate: iso(begin + duration),
      duration,
      createdAt: begin,
      startTime: begin,
      gazeInterval: 0.1,
      hmd,
      user: participant,
      deviceId: device,
      userKey: participant,
      ...noSessionData,
      hasGaze: true,
      hasEvent: true,
      tags,
      properties: {
        'c3d.app.version': `1.${Math.floor(next() * 5)}.0`,
        'c3d.device.hmd.type': hmd,
        'c3d.device.hmd.manufacturer': manufacturer,
        'c3d.device.platform_name': platform,
        'c3d.deviceid': device,
        'c3d.geo.country': country,
        'c3d.geo.countryIso': countryIso,
        'c3d.geo.city': city,
        'c3d.participant.id': participant,
        'c3d.metrics.average_fps': Math.round((60 + next() * 30) * 10) / 10,
        ...Object.fromEntries(tags.map((tag) => [`c3d.session_tag.${tag}`, true])),
      },
      versionIds: [place.versionId],
      events,
      gaze: [{ time: begin / 1000 + 1, p: [0, 1.6, 0], r: [0, 0, 0, 1], g: [1, 1.2, -2] }],
      fixations: [],
      dynamics: [],
      sensors: [],
      boundary: [],
    });
  }
  const sceneVersions = (base.sceneVersions ?? []).map((version) => ({
    ...version,
    sessionCount: Number(version.sessionCount) + (counts.get(version.id) ?? 0),
  }));
  return { ...base, sceneVersions, sessions: [...(base.sessions ?? []), ...generated] };
}
