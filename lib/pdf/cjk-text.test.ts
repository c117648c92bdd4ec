import fontkit from "@pdf-lib/fontkit";
import { PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { pdfText } from "./__fixtures__/pdf-text";
import { embedCjkFont, wrapText } from "./cjk-text";

/** The font programs a PDF embeds (its font descriptors' FontFile2/FontFile3), as viewers read them. */
async function embeddedFonts(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const fonts: ReturnType<typeof fontkit.create>[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("FontDescriptor")) continue;
    const file = doc.context.lookup(object.get(PDFName.of("FontFile2")) ?? object.get(PDFName.of("FontFile3")));
    if (file instanceof PDFRawStream) fonts.push(fontkit.create(Buffer.from(decodePDFRawStream(file).decode())));
  }
  return fonts;
}

describe("embedding Noto Sans SC", () => {
  it("embeds a small font whose glyphs draw every character of the text, Chinese and Latin", async () => {
    const text = "林档案 (archivist) 2026-12-03 01:05 四性检测报告";
    const doc = await PDFDocument.create();
    const font = await embedCjkFont(doc, text);
    doc.addPage().drawText(text, { x: 10, y: 10, size: 12, font });
    const bytes = await doc.save();
    // The whole font is 10 MB; a subset of the drawn characters is a few kilobytes.
    expect(bytes.length).toBeLessThan(100_000);
    const [embedded] = await embeddedFonts(bytes);
    expect(embedded).toBeDefined();
    // fontkit's own subsetting produced empty or foreign outlines for most of these (林档 and "hivist" vanished).
    for (const ch of text.replace(/\s/g, "")) {
      const glyph = embedded!.glyphForCodePoint(ch.codePointAt(0)!);
      expect(glyph.id, ch).not.toBe(0);
      expect(glyph.path.bbox.maxX - glyph.path.bbox.minX, ch).toBeGreaterThan(0);
    }
  });

  it("draws text a reader can copy and search, ligature pairs (fi, fl, ffi) included", async () => {
    const text = "first filed office flow 已归档";
    const doc = await PDFDocument.create();
    const font = await embedCjkFont(doc, text);
    doc.addPage().drawText(text, { x: 10, y: 10, size: 12, font });
    expect(await pdfText(await doc.save())).toBe(text);
  });

  it("wraps text into lines no wider than asked, at every size and in every font it measured before", async () => {
    const text = "凭证著录附件 2 张，已关联原始凭证 0 张；Attachments declared 2, linked 0 (first filed voucher)";
    const doc = await PDFDocument.create();
    const regular = await embedCjkFont(doc, text);
    const bold = await embedCjkFont(doc, text, 700);
    for (const [font, size] of [[regular, 8], [regular, 16], [bold, 16], [regular, 8]] as const) {
      const lines = wrapText(font, text, size, 120);
      expect(lines.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
      for (const line of lines) expect(font.widthOfTextAtSize(line, size)).toBeLessThanOrEqual(120);
    }
  });
});
