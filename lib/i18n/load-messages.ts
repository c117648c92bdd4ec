import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { type Locale, DEFAULT_LOCALE } from "./config";

type Leaf = string | string[];
export type Messages = { [key: string]: Leaf | Messages };

const MESSAGES_DIR = path.join(process.cwd(), "lib", "i18n", "messages");
const cache = new Map<Locale, Messages>();

function setPath(target: Messages, keys: string[], value: Leaf) {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next === "object" && !Array.isArray(next)) node = next;
    else node = node[key] = {};
  }
  node[keys[keys.length - 1]!] = value;
}

function flatten(value: Messages, prefix: string[], out: [string[], Leaf][]) {
  for (const [key, v] of Object.entries(value)) {
    const keys = [...prefix, ...key.split(".")];
    if (typeof v === "string" || Array.isArray(v)) out.push([keys, v]);
    else flatten(v, keys, out);
  }
}

/**
 * One file per area (`<locale>/<area>.json`), merged under the area's name, so an error code such as
 * `erp.amount_invalid` is also its message key. Keys may be nested or dotted, with or without the area
 * prefix; they all land on the same path.
 */
export function loadMessages(locale: Locale): Messages {
  const hit = cache.get(locale);
  if (hit && process.env.NODE_ENV === "production") return hit;
  const dir = path.join(MESSAGES_DIR, locale);
  const merged: Messages = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const area = file.replace(/\.json$/, "");
    const pairs: [string[], Leaf][] = [];
    flatten(JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Messages, [], pairs);
    for (const [keys, text] of pairs) setPath(merged, keys[0] === area ? keys : [area, ...keys], text);
  }
  cache.set(locale, merged);
  return merged;
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: Leaf | Messages | undefined = messages;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || Array.isArray(node)) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

const compiled = new Map<string, IntlMessageFormat>();

function compile(locale: Locale, template: string): IntlMessageFormat {
  const id = `${locale}\u0000${template}`;
  let format = compiled.get(id);
  if (!format) compiled.set(id, (format = new IntlMessageFormat(template, locale)));
  return format;
}

/**
 * Renders a message outside React (CSV exports, check reports, API error texts) with the same ICU engine
 * next-intl uses inside it, so a plural reads the same in a report as on the page.
 */
export function formatMessage(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const template = lookup(loadMessages(locale), key) ?? (locale === DEFAULT_LOCALE ? undefined : lookup(loadMessages(DEFAULT_LOCALE), key));
  if (!template) return key;
  try {
    return String(compile(locale, template).format(params));
  } catch {
    // A caller that left out a value still gets a readable text with the gap visible, not a failed export.
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  }
}
