import { describe, expect, it } from "vitest";
import { groupBy } from "./group-by";

describe("groupBy", () => {
  it("keeps each group's items, and the groups, in the order met", () => {
    const rows = [
      { code: "1-1", id: 1 },
      { code: "2-3", id: 2 },
      { code: "1-1", id: 3 },
    ];
    expect([...groupBy(rows, (r) => r.code)]).toEqual([
      ["1-1", [rows[0], rows[2]]],
      ["2-3", [rows[1]]],
    ]);
    expect(groupBy(rows, (r) => r.code, (r) => r.id).get("1-1")).toEqual([1, 3]);
    expect(groupBy([], (r: { code: string }) => r.code).size).toBe(0);
  });
});
