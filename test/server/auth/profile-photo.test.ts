// Profile photo upload: real image content only, at most 2 MB, stored under a random name and
// served back at the URL the response gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';
import { TINY_PNG } from '../../support/requests.js';

const MB2 = 2 * 1024 * 1024;
const form = (content: Buffer, type: string, name: string) => {
  const data = new FormData();
  data.append('photo', new Blob([new Uint8Array(content)], { type }), name);
  return data;
};
/** A PNG signature padded to `size` bytes. */
const pngOfSize = (size: number) => Buffer.concat([TINY_PNG, Buffer.alloc(size - TINY_PNG.length)]);

describe.each(await databaseKinds())('POST /customer/profile-photo on %s', (kind) => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startApp(kind);
    token = (await registerUser(app)).token;
  });
  afterAll(() => app?.close());

  it('stores the image under a random name and serves it at the returned URL', async () => {
    const response = await app.post('/customer/profile-photo', undefined, { token, raw: form(TINY_PNG, 'image/png', 'me.png') });
    expect(response.status).toBe(201);
    expect(response.body.filename).toMatch(/^[0-9a-f-]{36}\.png$/);
    const served = await fetch(response.body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(TINY_PNG);
    expect((await app.get('/auth/me', { token })).body.image).toBe(response.body.filename);
  });

  it('names the file by its content, not by what the client claims', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const response = await app.post('/customer/profile-photo', undefined, { token, raw: form(gif, 'image/jpeg', 'photo.jpg') });
    expect(response.status).toBe(201);
    expect(response.body.filename).toMatch(/\.gif$/);
  });

  it('refuses a file that only pretends to be an image', async () => {
    const response = await app.post('/customer/profile-photo', undefined, { token, raw: form(Buffer.from('<?php echo 1; ?>'), 'image/png', 'shell.png') });
    expect(response.status).toBe(422);
    expect(response.body.errors.photo).toEqual(['Foto harus berupa gambar jpg, jpeg, png atau gif.']);
  });

  it('accepts exactly 2 MB and refuses 2 MB + 1 byte', async () => {
    expect((await app.post('/customer/profile-photo', undefined, { token, raw: form(pngOfSize(MB2), 'image/png', 'a.png') })).status).toBe(201);
    const tooLarge = await app.post('/customer/profile-photo', undefined, { token, raw: form(pngOfSize(MB2 + 1), 'image/png', 'b.png') });
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.errors.photo).toEqual(['Ukuran foto maksimal 2 MB.']);
  });

  it('requires the photo field and a token', async () => {
    const missing = await app.post('/customer/profile-photo', undefined, { token, raw: new FormData() });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.photo).toEqual(['The photo field is required.']);
    expect((await app.post('/customer/profile-photo', undefined, { raw: form(TINY_PNG, 'image/png', 'me.png') })).status).toBe(401);
  });

  it('does not serve files outside the photo folder', async () => {
    const response = await fetch(`${app.baseUrl}/api/assets/images/profile/..%2f..%2fpackage.json`);
    expect(response.status).toBe(404);
  });
});
