// How a request body is read, decided once from the resolved operation: JSON for the operations
// that take JSON, multipart/form-data (one file, in memory, at most 2 MB) for the upload, nothing
// for the operations that take no body. Every way a body can be unreadable (wrong or missing
// Content-Type, broken JSON, JSON nested deeper than any body of the spec, a multipart body that
// does not match its boundary, two files, a file in another field) becomes an UnreadableBody naming
// the problem; the error middleware answers it with a 422 in the operation's family.
//
// Once the body is read, the request's Content-Type is the media type decided here, without
// parameters (or absent, for an operation without a body): the spec validator behind keys what it
// compiles by the header as sent, so `; x=1`, `; x=2`, ... would each
// make it build and keep a new set of validators (docs/design/TOOLCHAIN.md, item 18).
import express, { type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { walkJson } from '../../lib/json-walk.js';
import { BODY_MESSAGES } from '../../lib/spec/refusals.js';
import { operationOf, type BodyMedia } from './operations.js';

export const MAX_JSON_BYTES = 100 * 1024;
/** Levels of objects and arrays a JSON body may nest. The spec's bodies nest three at most; a body
 * within the byte limit can nest tens of thousands, and every step that walks a body by recursion
 * (ours, the validator's, a logger's) would overflow the stack on it: a 500 for a client's mistake.
 * The reference server's own limit (docs/decisions.md, `json-nesting`). */
export const MAX_JSON_DEPTH = 32;
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const UPLOAD_FIELD = 'photo';

export class UnreadableBody extends Error {
  override name = 'UnreadableBody';
  /** `field`: the field the problem is about, or `body` for the body as a whole. */
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const PHOTO_TOO_LARGE = `Ukuran foto maksimal ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;

const uploads = new WeakMap<Request, Express.Multer.File>();

/** The file of the upload field, when the request carried one. */
export const uploadedFile = (req: Request): Express.Multer.File | undefined => uploads.get(req);

interface BodyParserError {
  type?: string; // body-parser
  code?: string; // multer
  message?: string;
}

function jsonProblem(error: BodyParserError): UnreadableBody {
  switch (error.type) {
    case 'entity.parse.failed':
      return new UnreadableBody('body', BODY_MESSAGES.invalidJson);
    case 'entity.too.large':
      return new UnreadableBody('body', `The request body is too large (at most ${MAX_JSON_BYTES / 1024} KB).`);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnreadableBody('body', 'The request body must be UTF-8 JSON, without a Content-Encoding other than gzip, deflate or br.');
    default:
      return new UnreadableBody('body', 'The request body could not be read.');
  }
}

function multipartProblem(error: BodyParserError): UnreadableBody {
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return new UnreadableBody(UPLOAD_FIELD, PHOTO_TOO_LARGE);
    case 'LIMIT_FILE_COUNT':
      return new UnreadableBody(UPLOAD_FIELD, 'Kirim satu foto saja: body ini berisi lebih dari satu file.');
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return new UnreadableBody('body', 'The multipart body has too many or too large parts: send only the photo field.');
    default:
      // busboy's own findings: no boundary, a part that does not start with the boundary, a body cut short.
      return new UnreadableBody('body', BODY_MESSAGES.invalidMultipart);
  }
}

export function bodyParser(): RequestHandler {
  const json = express.json({ limit: MAX_JSON_BYTES, type: 'application/json' });
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, fieldNameSize: 100 },
  }).any();
  return (req, res, next) => {
    const { bodyMedia } = operationOf(req);
    if (bodyMedia === 'application/json') {
      // A body that is there but not declared as JSON would otherwise be silently ignored.
      if (req.get('Content-Type') !== undefined && !req.is('application/json')) {
        throw new UnreadableBody('body', BODY_MESSAGES.notJson);
      }
      return json(req, res, (error?: unknown) => {
        if (error) return next(jsonProblem(error as BodyParserError));
        if (nestedDeeperThan(req.body, MAX_JSON_DEPTH)) {
          return next(new UnreadableBody('body', `The request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels of objects and arrays).`));
        }
        next(decided(req, bodyMedia));
      });
    }
    if (bodyMedia === 'multipart/form-data') {
      if (!req.is('multipart/form-data')) {
        throw new UnreadableBody('body', BODY_MESSAGES.notMultipart(UPLOAD_FIELD));
      }
      return multipart(req, res, (error?: unknown) => {
        if (error) return next(multipartProblem(error as BodyParserError));
        const [file] = (req.files ?? []) as Express.Multer.File[];
        if (file && file.fieldname !== UPLOAD_FIELD) {
          return next(new UnreadableBody(UPLOAD_FIELD, `The ${UPLOAD_FIELD} field is required: the file was sent in another field.`));
        }
        if (file) {
          // The spec validator looks for the field in the body, as the validator's own multipart step puts it.
          (req.body as Record<string, unknown>)[UPLOAD_FIELD] = '';
          uploads.set(req, file);
        }
        next(decided(req, bodyMedia));
      });
    }
    next(decided(req, undefined));
  };
}

/** Whether `value` nests objects and arrays deeper than `limit` levels (the root is level 1). */
const nestedDeeperThan = (value: unknown, limit: number): boolean =>
  walkJson(value, (item, _key, depth) => depth > limit && item !== null && typeof item === 'object');

/** After the body is read: its Content-Type becomes the bare media type it was read as (or none). */
function decided(req: Request, media: BodyMedia | undefined): undefined {
  if (media === undefined || req.headers['content-type'] === undefined) delete req.headers['content-type'];
  else req.headers['content-type'] = media;
  return undefined;
}

