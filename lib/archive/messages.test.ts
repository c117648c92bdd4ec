import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en/archive.json";
import zh from "@/lib/i18n/messages/zh-CN/archive.json";

function flatten(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(name, value);
    else for (const [k, v] of flatten(value as object, name)) out.set(k, v);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

const zhMessages = flatten(zh);
const enMessages = flatten(en);
// A simple argument {n} or the argument of an ICU plural or select {n, plural, …}, each once.
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)[},]/g)].map((m) => m[1]))].sort();

describe("archive messages", () => {
  // lib/i18n merges archive.json under "archive", so the code "archive.check.x" is the message key "check.x" here.
  it("translate every code the archive modules return", () => {
    const codes = new Set<string>();
    for (const file of sources(import.meta.dirname)) {
      for (const m of readFileSync(file, "utf8").matchAll(/"archive\.((?:retention|code|volume|check)\.[a-z_]+)"/g)) codes.add(m[1] ?? "");
    }
    expect(codes.size).toBeGreaterThan(100);
    const missing = [...codes].filter((code) => !zhMessages.has(code) || !enMessages.has(code));
    expect(missing).toEqual([]);
  });

  it("have the same keys and placeholders in zh-CN and en", () => {
    expect([...enMessages.keys()].sort()).toEqual([...zhMessages.keys()].sort());
    for (const [key, text] of zhMessages) expect(placeholders(enMessages.get(key) ?? ""), key).toEqual(placeholders(text));
  });
});
