import "server-only";

/**
 * The body as text, or null once it passes `maxBytes`: reading stops there, so a caller who has not yet
 * proven anything cannot make the server buffer a body of any size.
 */
export async function readTextLimited(req: Request, maxBytes: number): Promise<string | null> {
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A command's body (a filing, a decision, a connector) is a few kilobytes; nothing needs more. */
export const COMMAND_MAX_BYTES = 1024 * 1024;

/**
 * A JSON body read no further than `maxBytes` (then `tooLarge`), so a caller cannot make the server buffer
 * and parse a body of any size before the service looks at it. A body that is not JSON is null, for the
 * service to refuse as invalid input.
 */
export async function readJsonLimited(req: Request, maxBytes: number): Promise<{ tooLarge: true } | { tooLarge: false; body: unknown }> {
  const text = await readTextLimited(req, maxBytes);
  if (text === null) return { tooLarge: true };
  try {
    return { tooLarge: false, body: JSON.parse(text) as unknown };
  } catch {
    return { tooLarge: false, body: null };
  }
}

/** A command's JSON body (a filing, a decision, a connector), within COMMAND_MAX_BYTES. */
export const readCommandJson = (req: Request) => readJsonLimited(req, COMMAND_MAX_BYTES);
