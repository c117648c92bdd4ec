import { describe, expect, it } from "vitest";
import type { CodeTemplate } from "./template";
import { DEFAULT_CODE_TEMPLATE, parseTemplate } from "./template";
import { exampleCode, renderCode, sequenceKey, type CodeValues } from "./render-code";
import { validateCode } from "./validate-code";

function template(text: string): CodeTemplate {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.code}`);
  return parsed.value;
}

const VOUCHER: CodeValues = { fonds: "Z001", class: "voucher", year: 2023, retention: "Y30", volume: 12, item: 37, month: 3, voucherWord: "记" };

describe("parseTemplate", () => {
  it("parses the default rule into literals and tokens with default widths", () => {
    expect(template(DEFAULT_CODE_TEMPLATE).parts).toEqual([
      { kind: "token", name: "fonds", width: null },
      { kind: "literal", text: "-KU·" },
      { kind: "token", name: "class", width: null },
      { kind: "literal", text: "·" },
      { kind: "token", name: "year", width: 4 },
      { kind: "literal", text: "·" },
      { kind: "token", name: "retention", width: null },
      { kind: "literal", text: "-" },
      { kind: "token", name: "volume", width: 4 },
      { kind: "literal", text: "-" },
      { kind: "token", name: "item", width: 4 },
    ]);
    expect(template("{fonds}-{category}·{year}.{month}/{voucherWord}-{item}").parts.at(-1)).toEqual({ kind: "token", name: "item", width: 4 });
  });

  it.each([
    ["", "archive.code.empty_template"],
    ["   ", "archive.code.empty_template"],
    ["{fonds}-{year}-{page:4}-{item:4}", "archive.code.unknown_token"],
    ["{fonds}-{Year}-{item:4}", "archive.code.unknown_token"],
    ["{fonds}-{year}-{volume:4}", "archive.code.missing_item"],
    ["{fonds}-{class}-{volume:4}-{item:4}", "archive.code.missing_sequence_token"],
    // Codes are unique across the installation and numbered per fonds: two fonds would give the same code.
    ["KU·{class}·{year}-{volume:4}-{item:4}", "archive.code.missing_fonds"],
    ["{fonds}-{year}-{item:0}", "archive.code.bad_width"],
    ["{fonds}-{year}-{item:x}", "archive.code.bad_width"],
    ["{fonds}-{year}-{item:10}", "archive.code.bad_width"],
    ["{fonds:3}-{year}-{item}", "archive.code.bad_width"],
    ["{fonds}-{year:2}-{item}", "archive.code.bad_width"],
    ["{fonds}-{year}-{month:1}-{item}", "archive.code.bad_width"],
    ["{fonds}-{year}-{item", "archive.code.unclosed_token"],
    ["{fonds} {year}-{item}", "archive.code.invalid_literal"],
    ["{fonds}_{year}-{item}", "archive.code.invalid_literal"],
    ["{fonds}-{year}-{item}-{item}", "archive.code.duplicate_token"],
    ["{fonds}{voucherWord}-{year}-{item}", "archive.code.ambiguous_tokens"],
  ])("rejects %j with %s", (text, code) => {
    const r = parseTemplate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it("names the offending token", () => {
    const r = parseTemplate("{fonds}-{year}-{page:4}-{item}");
    expect(r).toEqual({ ok: false, error: { code: "archive.code.unknown_token", params: { token: "{page:4}" } } });
  });

  it("accepts fixed-width tokens side by side", () => {
    expect(parseTemplate("{fonds}-{year}{month}-{item:3}").ok).toBe(true);
  });
});

describe("renderCode", () => {
  it("renders the DA/T 94 example", () => {
    expect(renderCode(template(DEFAULT_CODE_TEMPLATE), VOUCHER)).toEqual({ ok: true, value: "Z001-KU·PZ·2023·D30-0012-0037" });
  });

  it("maps classes and retention periods to their DA/T 13 codes", () => {
    const t = template("{fonds}-{category}·{class}·{year}·{retention}-{item:3}");
    expect(renderCode(t, { fonds: "J019", category: "KU", class: "report", year: 2017, retention: "permanent", item: 1 })).toEqual({
      ok: true,
      value: "J019-KU·BG·2017·Y-001",
    });
    expect(renderCode(t, { fonds: "J019", category: "KU", class: "ledger", year: 2017, retention: "Y10", item: 2 })).toEqual({
      ok: true,
      value: "J019-KU·ZB·2017·D10-002",
    });
  });

  it("renders month and voucher word", () => {
    const t = template("{fonds}-{year}{month}-{voucherWord}-{item:4}");
    expect(renderCode(t, { ...VOUCHER, month: 3 })).toEqual({ ok: true, value: "Z001-202303-记-0037" });
  });

  it("refuses a number wider than its field instead of lengthening the code", () => {
    expect(renderCode(template(DEFAULT_CODE_TEMPLATE), { ...VOUCHER, item: 10000 })).toEqual({
      ok: false,
      error: { code: "archive.code.number_overflow", params: { token: "item", value: 10000, width: 4 } },
    });
    expect(renderCode(template(DEFAULT_CODE_TEMPLATE), { ...VOUCHER, item: 9999 })).toEqual({ ok: true, value: "Z001-KU·PZ·2023·D30-0012-9999" });
  });

  it("refuses missing and malformed values", () => {
    const t = template(DEFAULT_CODE_TEMPLATE);
    const missing = renderCode(t, { ...VOUCHER, fonds: undefined });
    expect(!missing.ok && missing.error).toEqual({ code: "archive.code.missing_value", params: { token: "fonds" } });
    const dashed = renderCode(t, { ...VOUCHER, fonds: "Z-001" });
    expect(!dashed.ok && dashed.error.code).toBe("archive.code.invalid_value");
    const zero = renderCode(t, { ...VOUCHER, item: 0 });
    expect(!zero.ok && zero.error.code).toBe("archive.code.invalid_value");
    const month = renderCode(template("{fonds}-{year}{month}-{item}"), { ...VOUCHER, month: 13 });
    expect(!month.ok && month.error.code).toBe("archive.code.invalid_value");
  });
});

describe("exampleCode", () => {
  it("shows a rule with sample values", () => {
    expect(exampleCode(template(DEFAULT_CODE_TEMPLATE))).toBe("Z001-KU·PZ·2023·D30-0012-0037");
    expect(exampleCode(template("{fonds}-{category}·{year}-{month}-{voucherWord}-{item:2}"))).toBe("Z001-KU·2023-03-记-37");
    expect(exampleCode(template(DEFAULT_CODE_TEMPLATE), "ledger")).toBe("Z001-KU·ZB·2023·D30-0012-0037");
    expect(exampleCode(template(DEFAULT_CODE_TEMPLATE), "report")).toBe("Z001-KU·BG·2023·D10-0012-0037");
  });

  it("shrinks sample numbers to narrow fields", () => {
    expect(exampleCode(template("{fonds}-{year}-{volume:1}-{item:1}"))).toBe("Z001-2023-9-9");
  });
});

describe("sequenceKey", () => {
  it("numbers items within a volume when the rule has one", () => {
    const t = template(DEFAULT_CODE_TEMPLATE);
    expect(sequenceKey(t, VOUCHER)).toEqual({ ok: true, value: "Z001-KU·PZ·2023·D30-0012-" });
    expect(sequenceKey(t, { ...VOUCHER, item: 1 })).toEqual(sequenceKey(t, VOUCHER));
    expect(sequenceKey(t, { ...VOUCHER, volume: 13 })).not.toEqual(sequenceKey(t, VOUCHER));
  });

  it("numbers items within the year and class without volumes", () => {
    const t = template("{fonds}-KU·{class}·{year}·{retention}-{item:4}");
    expect(sequenceKey(t, { ...VOUCHER, item: undefined })).toEqual({ ok: true, value: "Z001-KU·PZ·2023·D30-" });
  });
});

describe("validateCode", () => {
  it("reads a code back into its parts", () => {
    expect(validateCode(template(DEFAULT_CODE_TEMPLATE), "Z001-KU·PZ·2023·D30-0012-0037")).toEqual({
      ok: true,
      value: { fonds: "Z001", class: "voucher", year: 2023, retentionCode: "D30", volume: 12, item: 37 },
    });
    expect(validateCode(template("{fonds}-{category}·{year}{month}-{voucherWord}-{item:3}"), "J019-KU·201712-现收-001")).toEqual({
      ok: true,
      value: { fonds: "J019", category: "KU", year: 2017, month: 12, voucherWord: "现收", item: 1 },
    });
  });

  it("round-trips every rendered code", () => {
    const t = template(DEFAULT_CODE_TEMPLATE);
    const code = renderCode(t, { ...VOUCHER, class: "other", retention: "permanent", volume: 1, item: 250 });
    expect(code.ok && validateCode(t, code.value)).toEqual({
      ok: true,
      value: { fonds: "Z001", class: "other", year: 2023, retentionCode: "Y", volume: 1, item: 250 },
    });
  });

  it.each([
    ["Z001-KU·PZ·2023·D30-012-0037", "archive.code.mismatch"],
    ["Z001-KU·PZ·2023·D30-0012-00037", "archive.code.mismatch"],
    ["Z001-KJ·PZ·2023·D30-0012-0037", "archive.code.mismatch"],
    ["Z001-KU·XX·2023·D30-0012-0037", "archive.code.mismatch"],
    ["Z001-KU·PZ·23·D30-0012-0037", "archive.code.mismatch"],
    ["Z001-KU·PZ·2023·D30-0012-0000", "archive.code.invalid_part"],
  ])("rejects %s", (code, error) => {
    const r = validateCode(template(DEFAULT_CODE_TEMPLATE), code);
    expect(!r.ok && r.error.code).toBe(error);
  });

  it("rejects a month outside 1-12", () => {
    const r = validateCode(template("{fonds}-{year}{month}-{item}"), "Z001-202313-0001");
    expect(!r.ok && r.error).toEqual({ code: "archive.code.invalid_part", params: { token: "month", value: "13" } });
  });
});
