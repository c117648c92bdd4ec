import { PassThrough, type Readable } from "node:stream";

export interface MultipartFile {
  fileName: string;
  content: Readable;
  /** Text fields sent before the file part (a form puts its options first), each at most FIELD_MAX bytes. */
  fields: Record<string, string>;
}

/** The body ended, or failed, before the file part did: the upload is incomplete, the sender's to send again. */
export class IncompleteMultipart extends Error {}

/** Options ride beside the file; anything larger is not an option and is ignored. */
const FIELD_MAX = 64 * 1024;

/** Room for the multipart framing and option fields around the file itself. */
const FRAMING = 64 * 1024;

/** Whether a request declares a body larger than a file of `maxBytes` can make it: refused before a byte is read. */
export const declaresMoreThan = (headers: Headers, maxBytes: number) => Number(headers.get("content-length") ?? 0) > maxBytes + FRAMING;

/** What is read, and ignored, after the file part before the rest of a body is abandoned. */
const TRAILING_MAX = 1024 * 1024;

const CRLF2 = Buffer.from("\r\n\r\n");

/** The boundary of a multipart/form-data Content-Type (RFC 7578), or null. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2] ?? null;
}

function fileNameOf(headers: string): { field: string | undefined; fileName: string | undefined } {
  const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? "";
  const field = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  const extended = /\bfilename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  const plain = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  // Browsers send the UTF-8 bytes of a Chinese name unescaped; they arrive here decoded as latin1.
  const fileName = extended ? decodeURIComponent(extended) : plain !== undefined ? Buffer.from(plain, "latin1").toString("utf8") : undefined;
  return { field, fileName };
}

/**
 * Streams one file field out of a multipart body without buffering it: the part's bytes flow to
 * `content` as they arrive (with back-pressure), so a 1 GiB upload costs a few chunks of memory.
 * Resolves once the part's headers are read; null when the body ends without that field.
 */
export function multipartFile(body: AsyncIterable<Uint8Array>, boundary: string, field = "file"): Promise<MultipartFile | null> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (value: MultipartFile | null, error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(value);
    };
    void (async () => {
      // The first boundary has no leading CRLF; prepending one makes every delimiter look the same.
      let buffer = Buffer.from("\r\n");
      let state: "preamble" | "headers" | "body" | "done" = "preamble";
      let target: PassThrough | null = null;
      let skipping = false;
      const fields: Record<string, string> = {};
      let textField: { name: string; parts: Buffer[]; size: number } | null = null;
      const emit = async (bytes: Buffer) => {
        if (textField && bytes.length > 0) {
          textField.size += bytes.length;
          if (textField.size <= FIELD_MAX) textField.parts.push(Buffer.from(bytes));
          return;
        }
        if (!target || skipping || bytes.length === 0) return;
        if (!target.write(bytes)) await new Promise<void>((r) => target!.once("drain", r));
      };
      // Bytes read after the file part (later parts, the closing delimiter, an epilogue).
      let trailing = 0;
      try {
        for await (const chunk of body) {
          // The rest of the body is read to its end rather than abandoned: leaving the loop cancels the request
          // stream while Next.js (undici) still feeds it, and its later close() is an uncaught ERR_INVALID_STATE
          // that e2e runs hit now and then. Only a sender that keeps streaming past TRAILING_MAX is cut off.
          if (state === "done") {
            trailing += chunk.length;
            if (trailing > TRAILING_MAX) break;
            continue;
          }
          buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
          for (;;) {
            if (state === "preamble" || state === "body") {
              const at = buffer.indexOf(delimiter);
              if (at < 0) {
                const keep = Math.max(0, buffer.length - delimiter.length);
                if (state === "body") await emit(buffer.subarray(0, keep));
                buffer = buffer.subarray(keep);
                break;
              }
              if (state === "body") {
                await emit(buffer.subarray(0, at));
                buffer = buffer.subarray(at);
                if (target && !skipping) {
                  target.end();
                  state = "done";
                  break;
                }
                if (textField && textField.size <= FIELD_MAX) fields[textField.name] = Buffer.concat(textField.parts).toString("utf8");
                textField = null;
                state = "preamble";
                continue;
              }
              const after = buffer.subarray(at + delimiter.length);
              if (after.length < 2) break;
              if (after[0] === 0x2d && after[1] === 0x2d) {
                state = "done";
                break;
              }
              buffer = after.subarray(2);
              state = "headers";
            }
            if (state === "headers") {
              const end = buffer.indexOf(CRLF2);
              if (end < 0) break;
              const { field: name, fileName } = fileNameOf(buffer.subarray(0, end).toString("latin1"));
              buffer = buffer.subarray(end + 4);
              skipping = name !== field || fileName === undefined;
              if (!skipping) {
                target = new PassThrough();
                settle({ fileName: fileName!, content: target, fields });
              } else if (name !== undefined && fileName === undefined) textField = { name, parts: [], size: 0 };
              state = "body";
              continue;
            }
            break;
          }
        }
        if (state !== "done" && target && !target.writableEnded) target.destroy(new IncompleteMultipart("multipart body ended inside the file part"));
        settle(null);
      } catch (error) {
        target?.destroy(new IncompleteMultipart("multipart body failed inside the file part", { cause: error }));
        settle(null, error as Error);
      }
    })();
  });
}
