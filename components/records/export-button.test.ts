import { describe, expect, it } from "vitest";
import { attachmentName } from "./export-button";

describe("attachmentName", () => {
  it("takes the UTF-8 name, then the plain one, then the fallback", () => {
    expect(attachmentName(`attachment; filename="catalogue.xlsx"; filename*=UTF-8''${encodeURIComponent("档案目录-2026-12-04.xlsx")}`, "x.xlsx")).toBe("档案目录-2026-12-04.xlsx");
    expect(attachmentName('attachment; filename="catalogue.xlsx"', "x.xlsx")).toBe("catalogue.xlsx");
    expect(attachmentName("attachment; filename*=UTF-8''%E0%A4%A", "x.xlsx")).toBe("x.xlsx");
    expect(attachmentName(null, "x.xlsx")).toBe("x.xlsx");
  });
});
