import { describe, expect, it } from "vitest";
import { parseQuery } from "./parse-query";

/** A code right after a Chinese run, at any of these distances (the run may end a longer one of the text). */
const near = (run: string, code: string, from: number, to = 1) =>
  `(${Array.from({ length: from - to + 1 }, (_, i) => `${run} <${from - i}> ${code}`).join(" | ")})`;

describe("parseQuery", () => {
  it("looks a two-character Chinese word up as one pair", () => {
    expect(parseQuery("差旅")).toEqual({ full: "'差旅'", catalog: "'差旅':A", needles: ["差旅"], lexemes: [["差旅"]] });
  });

  it("chains the pairs of a longer word into a phrase", () => {
    expect(parseQuery("招待费")?.full).toBe("('招待' <-> '待费')");
    expect(parseQuery("增值税")?.catalog).toBe("('增值':A <-> '值税':A)");
  });

  it("finds a single character by prefix, so it matches both halves of a pair and run ends", () => {
    expect(parseQuery("费")?.full).toBe("'费':*");
    expect(parseQuery("费")?.catalog).toBe("'费':*A");
  });

  it("splits Chinese from digits and ANDs the parts (mixed Chinese and digits)", () => {
    expect(parseQuery("3月差旅")?.full).toBe("'3' & ('月差' <-> '差旅')");
    expect(parseQuery("2023年")?.full).toBe("'2023' & '年':*");
  });

  it("keeps the parts of an archival code in order, one run apart", () => {
    expect(parseQuery("Z001-KU·PZ·2023")?.full).toBe("('z001' <16> 'ku' <16> 'pz' <16> '2023')");
  });

  it("keeps invoice numbers whole and normalises full-width digits and case", () => {
    expect(parseQuery("２５３１２００００００３８５７０８６０９")?.full).toBe("'25312000000385708609'");
    expect(parseQuery("ABC")?.needles).toEqual(["abc"]);
  });

  it("also looks a zero-padded number up without its zeros, as voucher numbers are kept", () => {
    const parsed = parseQuery("付-0007");
    expect(parsed?.full).toBe(near("'付':*", "('0007' | '7')", 16));
    expect(parsed?.catalog).toBe(near("'付':*A", "('0007':A | '7':A)", 16));
    expect(parsed?.lexemes).toEqual([[]]);
    expect(parseQuery("D30-0001")?.full).toBe("('d30' <16> ('0001' | '1'))");
    expect(parseQuery("0")?.full).toBe("'0'");
    expect(parseQuery("000")?.full).toBe("('000' | '0')");
  });

  it("keeps a Chinese run and the code right after it in order, as far apart as the index may put them", () => {
    // A lone character may be a run of its own (记-12: 16 apart) or end a longer one, or start any pair.
    expect(parseQuery("记-12")?.full).toBe(near("'记':*", "'12'", 16));
    // A pair phrase ends n − 2 positions into a run of n characters, n from the typed ones to the stride.
    expect(parseQuery("银付-12")?.full).toBe(near("'银付'", "'12'", 16, 2));
    expect(parseQuery("增值税2023-Q1")?.full).toBe(near("('增值' <-> '值税')", "('2023' <16> 'q1')", 15, 2));
    // Past the stride, runs overlap in the index: ANDed as before.
    expect(parseQuery(`${"差旅".repeat(9)}12`)?.full).toMatch(/\) & '12'$/);
  });

  it("ANDs words separated by spaces and lists the needles longest first", () => {
    const parsed = parseQuery("差旅  记-12");
    expect(parsed?.full).toBe(`'差旅' & ${near("'记':*", "'12'", 16)}`);
    expect(parsed?.needles).toEqual(["差旅", "12", "记"]);
    // The lone 记 is a prefix: no whole lexeme of it that every match must hold.
    expect(parsed?.lexemes).toEqual([["差旅"], ["12"]]);
    expect(parseQuery("管理费用-差旅费")?.lexemes).toEqual([["管理", "理费", "费用", "差旅", "旅费"]]);
  });

  it("ignores punctuation and quotes, which could otherwise break the tsquery", () => {
    expect(parseQuery("' & | ! <-> ()")).toBeNull();
    expect(parseQuery("it's")?.full).toBe("('it' <16> 's')");
    expect(parseQuery("")).toBeNull();
  });

  it("stops after 32 index terms so a pasted paragraph cannot build a huge query", () => {
    const parsed = parseQuery(Array.from({ length: 50 }, (_, i) => `w${i}`).join(" "));
    expect(parsed?.full.split(" & ")).toHaveLength(32);
  });
});
