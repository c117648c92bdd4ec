import { fail, ok, type Result } from "@/lib/errors";
import type { RecordCategory, Retention } from "@/lib/archive/retention/schedules";
import { CLASS_CODES, RETENTION_CODES, TOKEN_SPECS, type CodeTemplate, type TokenName } from "./template";

export interface CodeValues {
  fonds?: string;
  /** 门类代码; DA/T 13-2022 gives KU for accounting. */
  category?: string;
  class?: RecordCategory;
  year?: number;
  month?: number;
  retention?: Retention;
  voucherWord?: string;
  volume?: number;
  item?: number;
}

/** Used by exampleCode: the illustration of domain.md §8 (fonds Z001, vouchers, FY2023, 30 years, volume 12, item 37). */
const EXAMPLE_VALUES: Required<CodeValues> = {
  fonds: "Z001",
  category: "KU",
  class: "voucher",
  year: 2023,
  month: 3,
  retention: "Y30",
  voucherWord: "记",
  volume: 12,
  item: 37,
};

function renderToken(name: TokenName, width: number | null, values: CodeValues): Result<string> {
  const value = values[name];
  if (value === undefined || value === "") return fail("archive.code.missing_value", { token: name });
  let text: string;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < (name === "year" ? 1000 : 1)) return fail("archive.code.invalid_value", { token: name, value });
    if (name === "month" && value > 12) return fail("archive.code.invalid_value", { token: name, value });
    text = String(value);
    // A number wider than its field would give a code of another shape, which check 1-7 would then reject.
    if (width !== null && text.length > width) return fail("archive.code.number_overflow", { token: name, value, width });
    text = width === null ? text : text.padStart(width, "0");
  } else {
    text = name === "class" ? CLASS_CODES[value as RecordCategory] : name === "retention" ? RETENTION_CODES[value as Retention] : value;
  }
  if (!new RegExp(`^(?:${TOKEN_SPECS[name].pattern})$`, "u").test(text)) return fail("archive.code.invalid_value", { token: name, value: text });
  return ok(text);
}

function render(template: CodeTemplate, values: CodeValues, skip: TokenName | null): Result<string> {
  let code = "";
  for (const part of template.parts) {
    if (part.kind === "literal") {
      code += part.text;
      continue;
    }
    if (part.name === skip) continue;
    const text = renderToken(part.name, part.width, values);
    if (!text.ok) return text;
    code += text.value;
  }
  return ok(code);
}

/** The archival code of one record. */
export function renderCode(template: CodeTemplate, values: CodeValues): Result<string> {
  return render(template, values, null);
}

/**
 * The counter key that numbers `{item}`: the code without its item number, so items are numbered within a
 * volume when the rule has `{volume}`, and within the year (and class, month…) when it has not.
 */
export function sequenceKey(template: CodeTemplate, values: CodeValues): Result<string> {
  return render(template, values, "item");
}

/** A sample code for the rules page; sample numbers shrink to fit narrow fields. */
/** The usual term of each class, so each class's example reads like one of its own codes. */
const EXAMPLE_RETENTION: Record<RecordCategory, Retention> = { voucher: "Y30", ledger: "Y30", report: "Y10", other: "Y10" };

export function exampleCode(template: CodeTemplate, recordClass: RecordCategory = "voucher"): string {
  const values: CodeValues = { ...EXAMPLE_VALUES, class: recordClass, retention: EXAMPLE_RETENTION[recordClass] };
  for (const part of template.parts) {
    if (part.kind === "token" && part.width !== null && (part.name === "volume" || part.name === "item")) {
      values[part.name] = Math.min(EXAMPLE_VALUES[part.name], 10 ** part.width - 1);
    }
  }
  const code = renderCode(template, values);
  // Every token has a sample value that fits its width, so a parsed template always renders.
  if (!code.ok) throw new Error(`Example values do not fit template ${template.source}: ${code.error.code}`);
  return code.value;
}
