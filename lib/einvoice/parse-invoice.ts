import { fail, type Result } from "@/lib/errors";
import { MEDIA_TYPES } from "@/lib/files/identify";
import { parseInvoiceOfd } from "./parse-invoice-ofd";
import { parseInvoiceXml } from "./parse-invoice-xml";
import type { EInvoice } from "./types";
import { decodeXmlBytes } from "./xml";

/** Parses an e-invoice file by its sniffed media type (lib/files/identify). */
export async function parseInvoice(bytes: Uint8Array, mediaType: string): Promise<Result<EInvoice>> {
  if (mediaType === MEDIA_TYPES.ofd) return parseInvoiceOfd(bytes);
  if (mediaType === MEDIA_TYPES.xml) {
    const text = decodeXmlBytes(bytes);
    return text.ok ? parseInvoiceXml(text.value) : text;
  }
  return fail("einvoice.unsupported_format", { mediaType });
}
