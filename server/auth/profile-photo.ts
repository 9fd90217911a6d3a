// Profile photos: the file's first bytes must be a JPEG, PNG or GIF signature (its name proves
// nothing, and a declared image type the bytes contradict is refused); it is stored under a random
// name in UPLOAD_DIR/profile, and the photo it replaces is deleted when this user uploaded it.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { components } from '../../generated/server-api.js';
import { AppError } from '../errors.js';
import { jakartaDateTime, type Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { userRepository, UserRow } from './repository.js';

export const PROFILE_PHOTO_ROUTE = '/api/assets/images/profile';

const SIGNATURES: { extension: string; type: string; bytes: number[] }[] = [
  { extension: 'jpg', type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { extension: 'png', type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { extension: 'gif', type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] }, // GIF87a
  { extension: 'gif', type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] }, // GIF89a
];
/** The image types a client may declare, by the type they mean. */
const DECLARED_IMAGE_TYPES = new Map([
  ['image/jpeg', 'image/jpeg'], ['image/jpg', 'image/jpeg'], ['image/pjpeg', 'image/jpeg'], ['image/png', 'image/png'], ['image/gif', 'image/gif'],
]);
/** The images an account may show without uploading one; register takes `image` only from these. */
export const BUILT_IN_IMAGES: readonly string[] = ['default1.jpg'];
export const DEFAULT_IMAGE = BUILT_IN_IMAGES[0]!;

/** Register's `image`: a built-in image, or the default. Any other name could be another user's photo. */
export const builtInImage = (requested: string | undefined): string =>
  requested !== undefined && BUILT_IN_IMAGES.includes(requested) ? requested : DEFAULT_IMAGE;

export function imageSignature(content: Buffer) {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, i) => content[i] === byte));
}

export interface UploadedPhoto {
  buffer: Buffer;
  /** The Content-Type the client gave the file part. */
  mimetype: string;
}

export function profilePhotoService(users: ReturnType<typeof userRepository>, uploadDir: string, clock: Clock, logger: Logger) {
  const directory = join(uploadDir, 'profile');
  return {
    directory,
    async upload(user: UserRow, file: UploadedPhoto | undefined, baseUrl: string): Promise<components['schemas']['ProfilePhotoUploaded']> {
      if (!file) throw AppError.invalidField('photo', 'The photo field is required.');
      if (file.buffer.length === 0) throw AppError.invalidField('photo', 'File foto kosong (0 byte).');
      const signature = imageSignature(file.buffer);
      if (!signature) throw AppError.invalidField('photo', 'Foto harus berupa gambar jpg, jpeg, png atau gif.');
      // A declared image type must be the one the bytes are; application/octet-stream and the like leave it to the bytes.
      const declared = DECLARED_IMAGE_TYPES.get(file.mimetype.toLowerCase());
      if (declared && declared !== signature.type) {
        throw AppError.invalidField('photo', `Isi file adalah gambar ${signature.extension}, tidak sesuai dengan tipe yang dikirim (${declared}).`);
      }
      const filename = `${randomUUID()}.${signature.extension}`;
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, filename), file.buffer, { flag: 'wx' });
      await users.setUploadedImage(user.id, filename, jakartaDateTime(clock.now()));
      // Only the file the server stored for this user, never the name in `image`. Failing to delete
      // it costs disk, not correctness.
      const replaced = user.uploaded_image;
      if (replaced) {
        await rm(join(directory, replaced), { force: true }).catch((error: unknown) => logger.warn({ err: error, file: replaced }, 'old profile photo not deleted'));
      }
      return {
        status: 'success',
        message: 'Foto profil berhasil diunggah.',
        filename,
        url: `${baseUrl}${PROFILE_PHOTO_ROUTE}/${filename}`,
      };
    },
  };
}
