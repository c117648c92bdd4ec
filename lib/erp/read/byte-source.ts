import { fail, ok, type Result } from "@/lib/errors";

/** Bytes in memory or a stream of chunks (a Node Readable is one): readers accept both. */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else yield* source;
}

/**
 * Reads the first `size` bytes for sniffing and returns a source that replays them, so a one-shot
 * upload stream can be both detected and parsed without being held in memory.
 */
export async function peekHead(
  source: ByteSource,
  size: number,
): Promise<{ head: Uint8Array; source: ByteSource; complete: boolean }> {
  if (source instanceof Uint8Array) return { head: source.subarray(0, size), source, complete: source.byteLength <= size };
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* taken;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: head.subarray(0, size), source: done ? head : replay(), complete: done && head.byteLength <= size };
}

/** Whole-document formats (JSON, XML) are capped so a hostile upload cannot exhaust memory. */
export async function collectBytes(source: ByteSource, maxBytes: number): Promise<Result<Buffer>> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunksOf(source)) {
    length += chunk.length;
    if (length > maxBytes) return fail("erp.file_too_large", { maxBytes });
    parts.push(chunk);
  }
  return ok(Buffer.concat(parts));
}
