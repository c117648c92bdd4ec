import { z } from "zod";
import { getOaSchemas } from "../adapters";
import type { OaKind } from "../types";

export interface OaField {
  /** `config.appKey`, `config.formFields.title`, `secrets.aesKey`: the form control's name. */
  name: string;
  /** The last path segment; the admin page words it through `oa-ui.field.<key>`. */
  key: string;
  group: "config" | "secrets";
  type: "text" | "number" | "boolean" | "enum";
  options?: string[];
  required: boolean;
  defaultValue?: string | number | boolean;
}

// The base URL has its own column and field on the connector; the adapters read it from config.
const OWN_FIELDS = new Set(["config.baseUrl"]);

function unwrap(schema: z.ZodType): { inner: z.ZodType; required: boolean; defaultValue?: unknown } {
  if (schema instanceof z.ZodDefault) {
    const { inner } = unwrap(schema.def.innerType as z.ZodType);
    return { inner, required: false, defaultValue: schema.def.defaultValue };
  }
  if (schema instanceof z.ZodOptional) return { ...unwrap(schema.def.innerType as z.ZodType), required: false };
  return { inner: schema, required: true };
}

function walk(schema: z.ZodType, path: string[], group: OaField["group"], required: boolean, out: OaField[]) {
  const { inner, required: own, defaultValue } = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      walk(child, [...path, key], group, required && own, out);
    }
    return;
  }
  const name = [group, ...path].join(".");
  if (OWN_FIELDS.has(name)) return;
  const type: OaField["type"] =
    inner instanceof z.ZodEnum ? "enum" : inner instanceof z.ZodNumber ? "number" : inner instanceof z.ZodBoolean ? "boolean" : "text";
  out.push({
    name,
    key: path[path.length - 1]!,
    group,
    type,
    ...(inner instanceof z.ZodEnum && { options: (inner.options as string[]).map(String) }),
    required: required && own,
    ...(typeof defaultValue === "string" || typeof defaultValue === "number" || typeof defaultValue === "boolean" ? { defaultValue } : {}),
  });
}

/** The settings and secrets a connector of this kind takes, read from its adapter's own schemas. */
export function describeOaFields(kind: OaKind): OaField[] {
  const { configSchema, secretsSchema } = getOaSchemas(kind);
  const out: OaField[] = [];
  walk(configSchema, [], "config", true, out);
  walk(secretsSchema, [], "secrets", true, out);
  return out;
}

/**
 * Plain decimal text as a number; anything else stays text for the schema to refuse. `Number()` alone
 * would take "0x10" as 16 and "1e3" as 1000, storing an id the administrator never typed.
 */
function decimalNumber(raw: string): number | string {
  return /^[+-]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

/**
 * Rebuilds `{ config, secrets }` from a posted form: numbers and checkboxes typed as the schema wants,
 * blank settings and secrets left out so the adapter's defaults apply and a missing one is named as such.
 */
export function readOaFields(kind: OaKind, form: Record<string, string | undefined>): { config: Record<string, unknown>; secrets: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const field of describeOaFields(kind)) {
    const raw = form[field.name]?.trim() ?? "";
    if (field.group === "secrets") {
      // Left out when blank: required when creating, kept as stored when editing.
      if (raw !== "") secrets[field.key] = raw;
      continue;
    }
    const blank = raw === "" && field.type !== "boolean";
    // A blank optional setting leaves its group alone (the group may be optional too); a blank required one
    // still opens its group, so the schema names the field itself rather than a group no control stands for.
    if (blank && !field.required) continue;
    const path = field.name.split(".").slice(1);
    let node = config;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    if (blank) continue;
    node[path[path.length - 1]!] = field.type === "boolean" ? raw === "on" || raw === "true" : field.type === "number" ? decimalNumber(raw) : raw;
  }
  return { config, secrets };
}
