// The RouterOS API wire format: a sentence is a list of words, each prefixed by its length in a
// variable-width encoding, and ended by an empty word. Shared by the client and its test double.

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([(length >> 8) | 0x80, length & 0xff]);
  if (length < 0x200000) return Buffer.from([(length >> 16) | 0xc0, (length >> 8) & 0xff, length & 0xff]);
  if (length < 0x10000000) return Buffer.from([(length >>> 24) | 0xe0, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.from([0xf0, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
}

export function encodeSentence(words: string[]): Buffer {
  return Buffer.concat([...words.flatMap((word) => {
    const bytes = Buffer.from(word, 'utf8');
    return [encodeLength(bytes.length), bytes];
  }), Buffer.from([0])]);
}

/** Reads the length prefix at `offset`: [length, prefix size], or undefined if incomplete. */
function decodeLength(buffer: Buffer, offset: number): [number, number] | undefined {
  const first = buffer[offset];
  if (first === undefined) return undefined;
  const size = first < 0x80 ? 1 : first < 0xc0 ? 2 : first < 0xe0 ? 3 : first < 0xf0 ? 4 : 5;
  if (offset + size > buffer.length) return undefined;
  if (size === 1) return [first, 1];
  if (size === 5) return [buffer.readUInt32BE(offset + 1), 5];
  let length = first & (0xff >> (size + 1));
  for (let i = 1; i < size; i++) length = length * 256 + buffer[offset + i]!;
  return [length, size];
}

/** Splits a byte stream into sentences; keeps an incomplete tail for the next chunk. */
export class SentenceReader {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): string[][] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const sentences: string[][] = [];
    let offset = 0;
    let words: string[] = [];
    let sentenceStart = 0;
    for (;;) {
      const length = decodeLength(this.pending, offset);
      if (!length || offset + length[1] + length[0] > this.pending.length) break;
      const [size, prefix] = length;
      offset += prefix;
      if (size === 0) {
        sentences.push(words);
        words = [];
        sentenceStart = offset;
        continue;
      }
      words.push(this.pending.toString('utf8', offset, offset + size));
      offset += size;
    }
    this.pending = this.pending.subarray(sentenceStart);
    return sentences;
  }
}

/** `=name=value` attribute words of a reply sentence as an object. */
export function attributes(words: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const word of words) {
    if (!word.startsWith('=')) continue;
    const separator = word.indexOf('=', 1);
    if (separator > 0) result[word.slice(1, separator)] = word.slice(separator + 1);
  }
  return result;
}
