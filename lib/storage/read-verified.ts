import { createHash } from "node:crypto";
import { Readable } from "node:stream";

/** What the bytes read turned out to be; `sha256` null when the store could not read them to the end. */
export interface ReadFound {
  sha256: string | null;
  size: number;
}

/** The stored bytes are not the ones fixed at ingest: a stream of them ends with this instead of its last bytes. */
export class DigestMismatchError extends Error {
  constructor(readonly found: ReadFound) {
    super(found.sha256 === null ? "stored bytes could not be read to check their digest" : "stored bytes do not match their recorded digest");
    this.name = "DigestMismatchError";
  }
}

/**
 * The bytes of a stored object, their SHA-256 and size checked against the recorded ones as they pass, in the
 * memory of one chunk whatever the file's size. The last chunk is held back until everything matched, so a reader
 * never receives all `expected.size` bytes of a damaged object (a client told that Content-Length sees the
 * download fail); the stream fails with DigestMismatchError instead, once `onMismatch` (an alert, an audit entry)
 * has run. Bytes the store cannot read through count as damaged, as the fixity audit counts them.
 */
export function readVerified(source: Readable, expected: { sha256: string; size: number }, onMismatch: (found: ReadFound) => Promise<void>): Readable {
  async function* verified(): AsyncGenerator<Buffer> {
    const hash = createHash("sha256");
    const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let size = 0;
    let held: Buffer | null = null;
    let found: ReadFound | null = null;
    try {
      for (;;) {
        // Only a failure of the store's stream is damage; one thrown in at a yield (the reader went away) is not.
        const next = await chunks.next().catch(() => null);
        if (!next) {
          found = { sha256: null, size };
          break;
        }
        if (next.done) break;
        const chunk = next.value;
        if (!chunk.length) continue;
        hash.update(chunk);
        size += chunk.length;
        // Longer than recorded is damaged whatever follows: nothing more goes out, the rest is only hashed.
        if (size > expected.size) {
          held = null;
          continue;
        }
        if (held) yield held;
        held = chunk;
      }
    } finally {
      source.destroy();
    }
    found ??= { sha256: hash.digest("hex"), size };
    if (found.sha256 === expected.sha256 && found.size === expected.size) {
      if (held) yield held;
      return;
    }
    await onMismatch(found);
    throw new DigestMismatchError(found);
  }
  return Readable.from(verified(), { objectMode: false });
}
