import { fail, ok, type Result } from "@/lib/errors";

/*
 * Exact decimals as canonical strings ("-1234.5", "0", "12"): no floats anywhere, because a voucher
 * that balances in the ERP must balance here to the cent (会计基础工作规范: 借贷必须相等).
 * Failure codes: decimal.empty, decimal.invalid, decimal.too_precise.
 */

export interface ParseDecimalOptions {
  /** "." for "1,234.56" (Chinese/English exports), "," for "1.234,56" (German SAP exports). */
  decimalSeparator?: "." | ",";
  /** Most decimals kept: 2 for money, up to 6 for quantities and exchange rates. */
  maxScale?: number;
}

const FULL_WIDTH: Record<string, string> = {
  "，": ",",
  "．": ".",
  "－": "-",
  "−": "-",
  "＋": "+",
  "（": "(",
  "）": ")",
};

/** Exports typed in Chinese input methods carry full-width digits and punctuation (GB 18030 FF00 block). */
function toHalfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19，．－−＋（）]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code >= 0xff10 && code <= 0xff19 ? String.fromCharCode(code - 0xff10 + 48) : (FULL_WIDTH[ch] ?? ch);
  });
}

const SPACES = /[\s\u00a0\u2009\u202f\u3000]+/g;

function coreRegex(decimalSeparator: "." | ","): RegExp {
  const d = decimalSeparator === "." ? "\\." : ",";
  const g = decimalSeparator === "." ? "," : "\\.";
  // Thousands separators must group by three (or be absent) so "1,23.4" is rejected rather than guessed.
  return new RegExp(`^(?:(\\d{1,3}(?:${g}\\d{3})+)|(\\d{1,3}(?: \\d{3})+)|(\\d*))(?:${d}(\\d*))?$`);
}

const CORE = { ".": coreRegex("."), ",": coreRegex(",") } as const;

/** Parses amount text as clerks and ERPs write it: "1,234.50", "１２３", "(12.00)", "-12", "12.00-", " 1 234,5 ". */
export function parseDecimal(text: string, options: ParseDecimalOptions = {}): Result<string> {
  const decimalSeparator = options.decimalSeparator ?? ".";
  const maxScale = options.maxScale ?? 6;
  let s = toHalfWidth(text).replace(SPACES, " ").trim();
  if (s === "") return fail("decimal.empty");
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  } else if (s.endsWith("-")) {
    // SAP list output puts the minus after the amount.
    negative = true;
    s = s.slice(0, -1).trim();
  } else if (s.startsWith("-") || s.startsWith("+")) {
    negative = s.startsWith("-");
    s = s.slice(1).trim();
  }
  const m = CORE[decimalSeparator].exec(s);
  if (!m) return fail("decimal.invalid", { value: text });
  const intDigits = (m[1] ?? m[2] ?? m[3] ?? "").replace(/[^\d]/g, "");
  const fracRaw = m[4] ?? "";
  if (intDigits === "" && fracRaw === "") return fail("decimal.invalid", { value: text });
  const frac = fracRaw.replace(/0+$/, "");
  if (frac.length > maxScale) return fail("decimal.too_precise", { value: text, maxScale });
  return ok(canonical(negative, intDigits, frac));
}

function canonical(negative: boolean, intDigits: string, frac: string): string {
  const int = intDigits.replace(/^0+/, "") || "0";
  const body = frac ? `${int}.${frac}` : int;
  return negative && body !== "0" ? `-${body}` : body;
}

const CANONICAL = /^-?\d+(\.\d+)?$/;
/** A non-negative decimal without leading zeros: its integer and fraction digits. */
const PLAIN = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function toScaled(value: string): Scaled {
  // Callers pass values produced by parseDecimal; anything else is a programming error.
  if (!CANONICAL.test(value)) throw new TypeError(`Not a decimal string: ${value}`);
  const negative = value.startsWith("-");
  const [int = "0", frac = ""] = (negative ? value.slice(1) : value).split(".");
  const units = BigInt(int + frac);
  return { units: negative ? -units : units, scale: frac.length };
}

function rescale(v: Scaled, scale: number): bigint {
  return v.units * 10n ** BigInt(scale - v.scale);
}

function fromScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
  return canonical(negative, int, frac);
}

/** Exact sum of decimal strings. */
export function addDecimals(...values: string[]): string {
  const scaled = values.map(toScaled);
  const scale = Math.max(0, ...scaled.map((v) => v.scale));
  return fromScaled(
    scaled.reduce((sum, v) => sum + rescale(v, scale), 0n),
    scale,
  );
}

export function negateDecimal(value: string): string {
  const v = toScaled(value);
  return fromScaled(-v.units, v.scale);
}

/** -1, 0 or 1, exactly. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export function isZeroDecimal(value: string): boolean {
  return toScaled(value).units === 0n;
}

/**
 * Fixed-scale text ("1234.50"; "1,234.50" with grouping for messages a clerk reads).
 * Extra decimals are rounded half away from zero, the rounding rule of Chinese bookkeeping (四舍五入).
 */
export function formatDecimal(value: string, scale: number, options: { grouping?: boolean } = {}): string {
  // Most calls pad a non-negative amount that needs no rounding: done on the text, without BigInt.
  const plain = !options.grouping && PLAIN.exec(value);
  if (plain && (plain[2] ?? "").length <= scale) return scale > 0 ? `${plain[1]}.${(plain[2] ?? "").padEnd(scale, "0")}` : plain[1]!;
  const v = toScaled(value);
  let units: bigint;
  if (v.scale <= scale) {
    units = rescale(v, scale);
  } else {
    const divisor = 10n ** BigInt(v.scale - scale);
    const abs = v.units < 0n ? -v.units : v.units;
    const rounded = (abs + divisor / 2n) / divisor;
    units = v.units < 0n ? -rounded : rounded;
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  let int = digits.slice(0, digits.length - scale);
  if (options.grouping) int = int.replace(/\B(?=(\d{3})+$)/g, ",");
  const body = scale > 0 ? `${int}.${digits.slice(digits.length - scale)}` : int;
  return negative ? `-${body}` : body;
}
