import { mkdtemp, open, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";

export interface TempDownload {
  /** The finished file, already removed from the disk: reading it to its end, or destroying it, closes it. */
  body: Readable;
  size: number;
}

/**
 * A download written whole to a private temporary file before anything is sent: a failure is an error
 * answer, never a truncated download, and a large export never sits in memory. `write` fills the file and
 * does whatever must succeed before the file may leave (its audit entry). The file is opened, then removed,
 * so nothing is left behind however the download ends.
 */
export async function tempDownload(fileName: string, write: (file: string) => Promise<void>): Promise<TempDownload> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "acta-download-"));
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, fileName);
    await write(file);
    const { size } = await stat(file);
    const handle = await open(file);
    await discard();
    return { body: handle.createReadStream(), size };
  } catch (e) {
    await discard();
    throw e;
  }
}
