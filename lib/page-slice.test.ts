import { describe, expect, it } from "vitest";
import { pageSlice } from "./page-slice";

describe("pageSlice", () => {
  it("shows a short list whole, on one page", () => {
    expect(pageSlice(undefined, 15, 100)).toEqual({ page: 1, pages: 1, from: 0, to: 15 });
    expect(pageSlice(undefined, 0, 100)).toEqual({ page: 1, pages: 1, from: 0, to: 0 });
  });

  it("pages a month of hundreds of vouchers, the last page holding the rest", () => {
    expect(pageSlice("2", 250, 100)).toEqual({ page: 2, pages: 3, from: 100, to: 200 });
    expect(pageSlice("3", 250, 100)).toEqual({ page: 3, pages: 3, from: 200, to: 250 });
  });

  it("keeps any other page number within the pages there are", () => {
    expect(pageSlice("9", 250, 100).page).toBe(3);
    expect(pageSlice("0", 250, 100).page).toBe(1);
    expect(pageSlice("-4", 250, 100).page).toBe(1);
    for (const odd of ["", "abc", "1.5", "2e0x"]) expect(pageSlice(odd, 250, 100).page, odd).toBe(1);
  });
});
