import { fail, type Result } from "@/lib/errors";
import { MEDIA_TYPES } from "@/lib/files/identify";
import { parseInvoiceOfd } from "./parse-invoice-ofd";
import { parseInvoiceXml } from "./parse-invoice-xml";
import type { EInvoice } from "./types";
import { decodeXmlBytes } from "./xml";

/**
 * The largest invoice file parsed. Parsing holds the whole file and its parsed tree in memory, several times its
 * size; a 数电票 XML or OFD is kilobytes, so a file past this is no invoice to read, only a file to keep (ADR 0017).
 */
export const MAX_INVOICE_BYTES = 32 * 1024 * 1024;

/** The refusal of an invoice file of `size` bytes, or null when it may be read: asked before reading a stored file. */
export function invoiceTooLarge(size: number): Result<never> | null {
  return size > MAX_INVOICE_BYTES ? fail("einvoice.too_large", { size, maxMiB: MAX_INVOICE_BYTES / 1024 / 1024 }) : null;
}

/** Parses an e-invoice file by its sniffed media type (lib/files/identify). */
export async function parseInvoice(bytes: Uint8Array, mediaType: string): Promise<Result<EInvoice>> {
  const tooLarge = invoiceTooLarge(bytes.byteLength);
  if (tooLarge) return tooLarge;
  if (mediaType === MEDIA_TYPES.ofd) return parseInvoiceOfd(bytes);
  if (mediaType === MEDIA_TYPES.xml) {
    const text = decodeXmlBytes(bytes);
    return text.ok ? parseInvoiceXml(text.value) : text;
  }
  return fail("einvoice.unsupported_format", { mediaType });
}
