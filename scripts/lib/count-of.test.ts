import { describe, expect, it } from "vitest";
import { countOf } from "./count-of";

describe("countOf", () => {
  it("says one of a thing in the singular and any other count in the plural", () => {
    expect([0, 1, 2].map((n) => countOf(n, "entry", "entries"))).toEqual(["0 entries", "1 entry", "2 entries"]);
  });
});
