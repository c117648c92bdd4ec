import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { pdfText } from "./__fixtures__/pdf-text";
import { embedCjkFont } from "./cjk-text";
import { settlePage } from "./settle-page";

describe("settling a finished page", () => {
  // The check report settles each page as it fills: a pdf-lib that keeps its drawing elsewhere must fail
  // here, not quietly hold a year's findings as objects again.
  it("finds the drawing pdf-lib holds, lets it go, and keeps every line in the saved file", async () => {
    const lines = ["四性检测报告 第一页", "凭证著录附件 1 张，已关联原始凭证 0 张", "second page, drawn after the first was settled"];
    const doc = await PDFDocument.create();
    const font = await embedCjkFont(doc, `${lines.join("")}added later`);
    const first = doc.addPage();
    first.drawText(lines[0]!, { x: 20, y: 700, size: 12, font });
    first.drawText(lines[1]!, { x: 20, y: 680, size: 12, font });
    expect(settlePage(doc, first)).toBe(true);
    expect(settlePage(doc, first)).toBe(false);

    const second = doc.addPage();
    second.drawText(lines[2]!, { x: 20, y: 700, size: 12, font });
    // Drawing on a settled page starts a second stream of its own.
    first.drawText("added later", { x: 20, y: 660, size: 12, font });
    expect(settlePage(doc, second)).toBe(true);
    expect(settlePage(doc, first)).toBe(true);

    const text = await pdfText(await doc.save());
    const [one, two] = text.split("\n");
    for (const line of [lines[0]!, lines[1]!, "added later"]) expect(one!.replace(/\s+/g, "")).toContain(line.replace(/\s+/g, ""));
    expect(two!.replace(/\s+/g, "")).toContain(lines[2]!.replace(/\s+/g, ""));
  });
});
