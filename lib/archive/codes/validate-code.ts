import { fail, ok, type Result } from "@/lib/errors";
import type { RecordCategory } from "@/lib/archive/retention/schedules";
import { CLASS_CODES, TOKEN_SPECS, type CodeTemplate, type TokenName } from "./template";

/** The parts of an archival code as written; numbers are parsed, codes (class, retention) kept as written. */
export interface CodeParts {
  fonds?: string;
  category?: string;
  class?: RecordCategory;
  year?: number;
  month?: number;
  retentionCode?: string;
  voucherWord?: string;
  volume?: number;
  item?: number;
}

function escapeLiteral(text: string): string {
  // Template literals are limited to "-·./" and letters and digits; "." is the only regex metacharacter.
  return text.replace(/\./g, "\\.");
}

/** Reads a code back into its parts under a template (DA/T 70 check 1-7: 档号规范性). */
export function validateCode(template: CodeTemplate, code: string): Result<CodeParts> {
  let source = "^";
  const names: TokenName[] = [];
  for (const part of template.parts) {
    if (part.kind === "literal") {
      source += escapeLiteral(part.text);
    } else {
      const spec = TOKEN_SPECS[part.name];
      source += spec.numeric && part.width !== null ? `(\\d{${part.width}})` : `(${spec.pattern})`;
      names.push(part.name);
    }
  }
  const m = new RegExp(`${source}$`, "u").exec(code);
  if (!m) return fail("archive.code.mismatch", { code, template: template.source });
  const parts: CodeParts = {};
  for (const [index, name] of names.entries()) {
    const text = m[index + 1] ?? "";
    switch (name) {
      case "year":
      case "volume":
      case "item":
        parts[name] = Number(text);
        break;
      case "month": {
        const month = Number(text);
        if (month < 1 || month > 12) return fail("archive.code.invalid_part", { token: name, value: text });
        parts.month = month;
        break;
      }
      case "class":
        parts.class = (Object.keys(CLASS_CODES) as RecordCategory[]).find((c) => CLASS_CODES[c] === text);
        break;
      case "retention":
        parts.retentionCode = text;
        break;
      case "fonds":
      case "category":
      case "voucherWord":
        parts[name] = text;
        break;
    }
  }
  if (parts.volume === 0 || parts.item === 0) return fail("archive.code.invalid_part", { token: parts.item === 0 ? "item" : "volume", value: "0" });
  return ok(parts);
}
