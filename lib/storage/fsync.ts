import { open } from "node:fs/promises";

/** Flushes a file's bytes to the disk (fsync reaches the file through any descriptor). */
export async function sync(file: string) {
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a folder's entries to the disk. Some file systems cannot open or sync a folder at all; there, as
 * PostgreSQL does (fsync_fname_ext), that is no failure: nothing more can be done. Any other error is one.
 */
export async function syncFolder(folder: string) {
  const unsupported = (e: unknown, codes: string[]) => codes.includes((e as NodeJS.ErrnoException).code ?? "");
  const handle = await open(folder, "r").catch((e: unknown) => {
    if (unsupported(e, ["EISDIR", "EACCES"])) return null;
    throw e;
  });
  if (!handle) return;
  try {
    await handle.sync().catch((e: unknown) => {
      if (!unsupported(e, ["EINVAL", "EBADF"])) throw e;
    });
  } finally {
    await handle.close();
  }
}
