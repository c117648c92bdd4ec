import { describe, expect, it } from "vitest";
import { matchShare } from "./search-sql";

describe("matchShare", () => {
  const frequencies = new Map([
    ["应付", 0.23],
    ["付账", 0.23],
    ["账款", 0.52],
    ["差旅", 0.16],
    ["ACCT6602.01", 0.08],
    ["ACCT6602.03", 0.13],
    ["ACCT66021", 0.02],
    ["ACCT1002.01", 0.6],
  ]);

  it("bounds a word by its rarest lexeme and multiplies words", () => {
    expect(matchShare([["应付", "付账", "账款"]], frequencies)).toBe(0.23);
    expect(matchShare([["应付", "付账", "账款"], ["差旅"]], frequencies)).toBeCloseTo(0.23 * 0.16);
  });

  it("takes a lexeme missing from the statistics, or a word without whole lexemes, as rare", () => {
    expect(matchShare([["应付", "付利", "利息"]], frequencies)).toBe(0);
    expect(matchShare([[]], frequencies)).toBe(0);
  });

  it("takes for an account code the commonest account it prefixes, times the words", () => {
    expect(matchShare([], frequencies, "6602")).toBe(0.13);
    expect(matchShare([], frequencies, "6602.01")).toBe(0.08);
    expect(matchShare([["差旅"]], frequencies, "6602")).toBeCloseTo(0.16 * 0.13);
    expect(matchShare([], frequencies, "1002")).toBe(0.6);
    expect(matchShare([], frequencies, "9999")).toBe(0);
  });
});
