// Profile photo upload: real image content only, at most 2 MB, one file in the field `photo`,
// stored under a random name and served back at the URL the response gives; the photo it replaces
// is deleted. Every malformed body is a 422 that names the problem, never a 500.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';
import { TINY_PNG } from '../../../lib/spec/examples.js';
import { rawRequest } from '../../../lib/raw-request.js';

const MB2 = 2 * 1024 * 1024;
const form = (content: Uint8Array, type: string, name: string) => {
  const data = new FormData();
  data.append('photo', new Blob([new Uint8Array(content)], { type }), name);
  return data;
};
/** A PNG signature padded to `size` bytes. */
const pngOfSize = (size: number) => Buffer.concat([TINY_PNG, Buffer.alloc(size - TINY_PNG.length)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

/** A multipart body written by hand, for the shapes no FormData produces. */
const part = (boundary: string, name: string, content: Uint8Array | string, file?: { filename: string; type: string }) => Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n`),
  Buffer.from(content),
  Buffer.from('\r\n'),
]);
const multipart = (boundary: string, ...parts: Buffer[]) => Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
const photoPart = (boundary: string) => part(boundary, 'photo', TINY_PNG, { filename: 'me.png', type: 'image/png' });

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
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(TINY_PNG);
    expect((await app.get('/auth/me', { token })).body.image).toBe(response.body.filename);
  });

  it('names the file by its content, not by its name; a declared image type must be the content\'s', async () => {
    const untyped = await app.post('/customer/profile-photo', undefined, { token, raw: form(GIF, 'application/octet-stream', 'photo.jpg') });
    expect(untyped.status).toBe(201);
    expect(untyped.body.filename).toMatch(/\.gif$/);
    const contradicted = await app.post('/customer/profile-photo', undefined, { token, raw: form(GIF, 'image/jpeg', 'photo.jpg') });
    expect(contradicted.status).toBe(422);
    expect(contradicted.body.errors.photo).toEqual(['Isi file adalah gambar gif, tidak sesuai dengan tipe yang dikirim (image/jpeg).']);
  });

  it('deletes the photo it replaces', async () => {
    const { token: own } = await registerUser(app);
    const first = await app.post('/customer/profile-photo', undefined, { token: own, raw: form(TINY_PNG, 'image/png', 'a.png') });
    const directory = join(app.ctx.config.uploadDir, 'profile');
    expect(existsSync(join(directory, first.body.filename))).toBe(true);
    const second = await app.post('/customer/profile-photo', undefined, { token: own, raw: form(TINY_PNG, 'image/png', 'b.png') });
    expect(second.status).toBe(201);
    expect(existsSync(join(directory, first.body.filename))).toBe(false);
    expect((await fetch(first.body.url)).status).toBe(404);
    expect((await fetch(second.body.url)).status).toBe(200);
  });

  it('never deletes another user\'s photo named in register\'s image: register takes only a built-in image', async () => {
    const { token: victim } = await registerUser(app);
    const photo = (await app.post('/customer/profile-photo', undefined, { token: victim, raw: form(TINY_PNG, 'image/png', 'v.png') })).body;
    const attacker = await app.post('/auth/register', newUser({ image: photo.filename }));
    expect(attacker.status).toBe(201);
    expect(attacker.body.data.image).toBe('default1.jpg');
    const own = await app.post('/customer/profile-photo', undefined, { token: attacker.body.token, raw: form(TINY_PNG, 'image/png', 'a.png') });
    expect(own.status).toBe(201);
    expect((await fetch(photo.url)).status).toBe(200);
    expect((await app.get('/auth/me', { token: victim })).body.image).toBe(photo.filename);
  });

  it('deletes only a file it stored for the user, not the one `image` names (an account registered before the fix)', async () => {
    const { token: victim } = await registerUser(app);
    const photo = (await app.post('/customer/profile-photo', undefined, { token: victim, raw: form(TINY_PNG, 'image/png', 'v.png') })).body;
    const { user, token: attacker } = await registerUser(app);
    // What register stored before it took only built-in images.
    await app.ctx.db.updateTable('users').set({ image: photo.filename }).where('email', '=', user.email).execute();
    expect((await app.post('/customer/profile-photo', undefined, { token: attacker, raw: form(TINY_PNG, 'image/png', 'a.png') })).status).toBe(201);
    expect((await fetch(photo.url)).status).toBe(200);
  });

  it('builds the photo URL from its own address, never from the Host header', async () => {
    // Not fetch: it replaces a Host header with the URL's.
    const body = multipart('b0undary', photoPart('b0undary'));
    const { status, text } = await rawRequest(app.baseUrl, {
      method: 'POST',
      path: '/api/customer/profile-photo',
      headers: { Host: 'evil.example', Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=b0undary' },
      body,
    });
    expect(status).toBe(201);
    const { url, filename } = JSON.parse(text);
    expect(url).toBe(`${app.baseUrl}/api/assets/images/profile/${filename}`);
  });

  const B = 'jwi-test-boundary';
  it.each([
    ['a body whose boundary is not the Content-Type\'s', `multipart/form-data; boundary=${B}`, multipart('another-boundary', photoPart('another-boundary')),
      'body', 'The request body is not valid multipart/form-data (check the boundary in Content-Type against the body).'],
    ['a Content-Type without a boundary', 'multipart/form-data', multipart(B, photoPart(B)),
      'body', 'The request body is not valid multipart/form-data (check the boundary in Content-Type against the body).'],
    ['a body cut off before its end', `multipart/form-data; boundary=${B}`, photoPart(B).subarray(0, 60),
      'body', 'The request body is not valid multipart/form-data (check the boundary in Content-Type against the body).'],
    ['no file part, only a field', `multipart/form-data; boundary=${B}`, multipart(B, part(B, 'photo', 'not a file')),
      'photo', 'The photo field is required.'],
    ['two files', `multipart/form-data; boundary=${B}`, multipart(B, photoPart(B), photoPart(B)),
      'photo', 'Kirim satu foto saja: body ini berisi lebih dari satu file.'],
    ['a zero-byte file', `multipart/form-data; boundary=${B}`, multipart(B, part(B, 'photo', '', { filename: 'empty.png', type: 'image/png' })),
      'photo', 'File foto kosong (0 byte).'],
    ['the file in another field', `multipart/form-data; boundary=${B}`, multipart(B, part(B, 'avatar', TINY_PNG, { filename: 'me.png', type: 'image/png' })),
      'photo', 'The photo field is required: the file was sent in another field.'],
    ['a JSON body', 'application/json', Buffer.from('{"photo":"me.png"}'),
      'body', 'The request body must be sent as multipart/form-data, with the file in the field "photo".'],
  ])('answers %s with a 422 naming the problem', async (_label, contentType, body, field, message) => {
    const response = await app.post('/customer/profile-photo', undefined, { token, raw: new Uint8Array(body), headers: { 'Content-Type': contentType } });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ [field]: [message] });
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
    const noBody = await app.post('/customer/profile-photo', undefined, { token });
    expect(noBody.status).toBe(422);
    expect((await app.post('/customer/profile-photo', undefined, { raw: form(TINY_PNG, 'image/png', 'me.png') })).status).toBe(401);
  });

  it('does not serve files outside the photo folder', async () => {
    const response = await fetch(`${app.baseUrl}/api/assets/images/profile/..%2f..%2fpackage.json`);
    expect(response.status).toBe(404);
  });
});
