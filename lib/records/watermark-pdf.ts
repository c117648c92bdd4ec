import { PDFDocument, type PDFFont, type PDFPage, degrees, rgb } from "pdf-lib";
import { embedCjkFont } from "@/lib/pdf/cjk-text";

/** A4 in PDF points: images are placed on it, scaled down to fit inside the margins. */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 36;

function stamp(page: PDFPage, font: PDFFont, text: string) {
  const { width, height } = page.getSize();
  const size = Math.max(10, Math.min(16, width / 40));
  const step = font.widthOfTextAtSize(text, size) + 60;
  // A diagonal tile over the whole page, light enough to read through, so a crop cannot remove it.
  for (let y = -height; y < height * 2; y += size * 9) {
    for (let x = -width; x < width * 2; x += step) {
      page.drawText(text, { x, y, size, font, color: rgb(0.55, 0.55, 0.6), opacity: 0.18, rotate: degrees(30) });
    }
  }
  page.drawText(text, { x: 12, y: 8, size: 7, font, color: rgb(0.3, 0.3, 0.35), opacity: 0.8 });
}

/** The stored types people get as a watermarked PDF rendition; anything else goes out as stored. */
export const RENDERED_TYPES: ReadonlySet<string> = new Set(["application/pdf", "image/png", "image/jpeg"]);

/**
 * A watermarked rendition of a PDF or an image (PNG, JPEG) as PDF: every page carries who opened it and
 * when. The stored original is never changed (its digests prove fixity); people get the rendition.
 * Null when the bytes are of another type or cannot be read as what they claim to be.
 */
export async function watermarkPdf(bytes: Uint8Array, mediaType: string, text: string): Promise<Uint8Array | null> {
  let doc: PDFDocument;
  try {
    if (mediaType === "application/pdf") {
      doc = await PDFDocument.load(bytes, { updateMetadata: false });
    } else if (mediaType === "image/png" || mediaType === "image/jpeg") {
      doc = await PDFDocument.create();
      const image = mediaType === "image/png" ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
      const scale = Math.min(1, (A4.width - 2 * MARGIN) / image.width, (A4.height - 2 * MARGIN) / image.height);
      const page = doc.addPage([A4.width, A4.height]);
      const w = image.width * scale;
      const h = image.height * scale;
      page.drawImage(image, { x: (A4.width - w) / 2, y: A4.height - MARGIN - h, width: w, height: h });
    } else {
      return null;
    }
  } catch {
    // Encrypted or damaged files: the caller offers the original to those allowed to download it.
    return null;
  }
  const font = await embedCjkFont(doc, text);
  for (const page of doc.getPages()) stamp(page, font, text);
  return doc.save();
}
