import { readFileSync } from "node:fs";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import subsetFont from "subset-font";

// Noto Sans SC (SIL OFL) as a TrueType file from the @expo-google-fonts/noto-sans-sc package, so PDFs are
// legible on machines without a CJK font (ADR 0006).
const FONT_FILES = {
  400: "400Regular/NotoSansSC_400Regular.ttf",
  700: "700Bold/NotoSansSC_700Bold.ttf",
} as const;
const FONT_DIR = path.join(process.cwd(), "node_modules", "@expo-google-fonts", "noto-sans-sc");

const cache = new Map<number, Buffer>();

/**
 * Embeds Noto Sans SC (Chinese and Latin in one font) into a pdf-lib document, cut down to the characters
 * of `text` by HarfBuzz (subset-font). pdf-lib's own subsetting (fontkit) garbles this font's glyphs:
 * 林档案 came out as 案 and "archivist" as "arc" in every viewer, so the 10 MB font is never embedded whole
 * and never subset by fontkit. `text` must hold every character the document will draw with the font.
 */
export async function embedCjkFont(doc: PDFDocument, text: string, weight: keyof typeof FONT_FILES = 400): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  let bytes = cache.get(weight);
  if (!bytes) {
    bytes = readFileSync(path.join(FONT_DIR, FONT_FILES[weight]));
    cache.set(weight, bytes);
  }
  // A space and the digits are always there: page numbers and wrapped lines need them.
  const subset = await subsetFont(bytes, `${text} 0123456789`, { targetFormat: "truetype" });
  // Without ligatures: fontkit draws "fi" and "fl" as one glyph that PDF readers cannot map back, so
  // "first file" was copied and searched as "\x1crst \x1cle" in every English report.
  return doc.embedFont(subset, { subset: false, features: { liga: false } });
}

// Widths of characters measured, per font and size: fontkit shapes every string it measures, which took a
// third of a long report's time when done for each character of each line.
const measured = new WeakMap<PDFFont, Map<number, Map<string, number>>>();

function charWidth(font: PDFFont, ch: string, size: number): number {
  let sizes = measured.get(font);
  if (!sizes) measured.set(font, (sizes = new Map()));
  let widths = sizes.get(size);
  if (!widths) sizes.set(size, (widths = new Map()));
  let w = widths.get(ch);
  if (w === undefined) widths.set(ch, (w = font.widthOfTextAtSize(ch, size)));
  return w;
}

/** Splits text into lines no wider than `width`; Chinese breaks between any two characters, as it is typeset. */
export function wrapText(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  let used = 0;
  for (const ch of text.replace(/\s+/g, " ")) {
    const w = charWidth(font, ch, size);
    if (line && used + w > width) {
      lines.push(line.trimEnd());
      [line, used] = ch === " " ? ["", 0] : [ch, w];
    } else {
      line += ch;
      used += w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
