// Profile photos: the file's first bytes must be a JPEG, PNG or GIF signature (its name and
// declared type prove nothing); it is stored under a random name in UPLOAD_DIR/profile.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { components } from '../../generated/api.js';
import { AppError } from '../errors.js';
import { jakartaDateTime, type Clock } from '../shared/clock.js';
import type { userRepository, UserRow } from './repository.js';

export const PROFILE_PHOTO_ROUTE = '/api/assets/images/profile';

const SIGNATURES: { extension: string; bytes: number[] }[] = [
  { extension: 'jpg', bytes: [0xff, 0xd8, 0xff] },
  { extension: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { extension: 'gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] }, // GIF87a
  { extension: 'gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] }, // GIF89a
];

export function imageExtension(content: Buffer): string | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, i) => content[i] === byte))?.extension;
}

export function profilePhotoService(users: ReturnType<typeof userRepository>, uploadDir: string, clock: Clock) {
  const directory = join(uploadDir, 'profile');
  return {
    directory,
    async upload(user: UserRow, file: { buffer: Buffer } | undefined, baseUrl: string): Promise<components['schemas']['ProfilePhotoUploaded']> {
      if (!file) throw AppError.invalidField('photo', 'The photo field is required.');
      const extension = imageExtension(file.buffer);
      if (!extension) throw AppError.invalidField('photo', 'Foto harus berupa gambar jpg, jpeg, png atau gif.');
      const filename = `${randomUUID()}.${extension}`;
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, filename), file.buffer, { flag: 'wx' });
      await users.setImage(user.id, filename, jakartaDateTime(clock.now()));
      return {
        status: 'success',
        message: 'Foto profil berhasil diunggah.',
        filename,
        url: `${baseUrl}${PROFILE_PHOTO_ROUTE}/${filename}`,
      };
    },
  };
}
