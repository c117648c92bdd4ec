import { describe, expect, it } from "vitest";
import { SUBJECT_PAGE_SIZE, subjectPage } from "./subject-page";

describe("subjectPage", () => {
  it("shows a short filing whole, on one page", () => {
    expect(subjectPage(undefined, 15)).toEqual({ page: 1, pages: 1, from: 0, to: 15 });
    expect(subjectPage(undefined, 0)).toEqual({ page: 1, pages: 1, from: 0, to: 0 });
  });

  it("pages a month of thousands of vouchers, the last page holding the rest", () => {
    expect(SUBJECT_PAGE_SIZE).toBe(100);
    expect(subjectPage("2", 250)).toEqual({ page: 2, pages: 3, from: 100, to: 200 });
    expect(subjectPage("3", 250)).toEqual({ page: 3, pages: 3, from: 200, to: 250 });
  });

  it("keeps any other page number within the pages there are", () => {
    expect(subjectPage("9", 250).page).toBe(3);
    expect(subjectPage("0", 250).page).toBe(1);
    expect(subjectPage("-4", 250).page).toBe(1);
    for (const odd of ["", "abc", "1.5", "2e0x"]) expect(subjectPage(odd, 250).page, odd).toBe(1);
  });
});
