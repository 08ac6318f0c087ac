/** The smallest PNG: one transparent pixel. */
export const png = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** The head of a JPEG (its signature and JFIF marker): enough for a server to know it is not a PNG. */
export const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

/** A scene upload as the SDKs send it: glTF, its buffer, a screenshot and `settings.json`, as multipart/form-data. */
export function multipartScene(sceneName: string): { contentType: string; bytes: Uint8Array } {
  const boundary = 'c3dcontractscene';
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const add = (name: string, type: string, content: Uint8Array) => {
    parts.push(
      encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\n` +
          `Content-Type: ${type}\r\n\r\n`,
      ),
      content,
      encoder.encode('\r\n'),
    );
  };
  add('scene.gltf', 'model/gltf+json', encoder.encode('{"asset":{"version":"2.0"}}'));
  add('scene.bin', 'application/octet-stream', new Uint8Array([0, 1, 2, 3]));
  add('screenshot.png', 'image/png', png);
  add(
    'settings.json',
    'application/json',
    encoder.encode(JSON.stringify({ scale: 1, sceneName, sdkVersion: '1.6.4' })),
  );
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, bytes };
}
