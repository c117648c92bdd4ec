import { describe, expect, it } from "vitest";
import { fragments, highlight } from "./highlight";

describe("highlight", () => {
  it("marks every occurrence, case-insensitively", () => {
    expect(highlight("差旅费 差旅", ["差旅"])).toBe("<mark>差旅</mark>费 <mark>差旅</mark>");
    expect(highlight("Z001-KU", ["ku"])).toBe("Z001-<mark>KU</mark>");
  });

  it("escapes the text around and inside the marks, so a <script> in a summary stays text", () => {
    expect(highlight("<script>alert('差旅')</script>", ["差旅"])).toBe(
      "&lt;script&gt;alert(&#39;<mark>差旅</mark>&#39;)&lt;/script&gt;",
    );
    expect(highlight("a & b", [])).toBe("a &amp; b");
  });

  it("treats regular-expression characters in needles literally", () => {
    expect(highlight("a.b axb", ["a.b"])).toBe("<mark>a.b</mark> axb");
  });
});

describe("fragments", () => {
  it("returns the matching parts other than the title, at most three", () => {
    const texts = ["报销差旅费 · Z001-KU·PZ·2023·D30-0001-0002 · 记-2", "660201 管理费用-差旅费 · 张三 · 差旅 · 差旅补助 · 差旅住宿"];
    expect(fragments(texts, ["差旅"], "报销差旅费")).toEqual(["660201 管理费用-<mark>差旅</mark>费", "<mark>差旅</mark>", "<mark>差旅</mark>补助"]);
  });

  it("cuts a long part around its first match", () => {
    const long = `${"甲".repeat(40)}差旅${"乙".repeat(80)}`;
    const [f] = fragments([long], ["差旅"], "");
    expect(f).toBe(`…${"甲".repeat(24)}<mark>差旅</mark>${"乙".repeat(54)}…`);
  });

  it("returns nothing without needles", () => {
    expect(fragments(["差旅"], [], "")).toEqual([]);
  });
});
