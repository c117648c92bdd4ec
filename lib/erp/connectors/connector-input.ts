import { z } from "zod";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { ERP_FORMATS } from "@/lib/erp/formats";
import { CustomMappingSchema } from "@/lib/erp/formats/custom";
import type { FormatId } from "@/lib/erp/formats/types";

const FORMAT_IDS = ERP_FORMATS.map((f) => f.id) as [FormatId, ...FormatId[]];

export const FormatIdSchema = z.enum(FORMAT_IDS);
export const SourceSystemSchema = z.string().trim().min(1).max(64);

export interface FormatChoice {
  formatId: FormatId | null;
  mapping: Record<string, unknown> | null;
}

/**
 * A connector reads its files with a fixed preset, a custom column mapping, or (neither given) what
 * detection finds. A mapping belongs to the custom format only, and the custom format cannot run
 * without one; the mapping is checked by lib/erp's own schema so the importer can always use it.
 */
export function resolveFormatChoice(formatId: FormatId | null | undefined, mapping: unknown): Result<FormatChoice> {
  const hasMapping = mapping !== undefined && mapping !== null;
  if (formatId === "custom" && !hasMapping) return fail("import.mapping_required", undefined, { mapping: "validation.required" });
  if (formatId !== "custom" && hasMapping) return fail("import.mapping_needs_custom", undefined, { formatId: "validation.invalid_value" });
  if (!hasMapping) return ok({ formatId: formatId ?? null, mapping: null });
  const parsed = CustomMappingSchema.safeParse(mapping);
  if (!parsed.success) {
    const fields = Object.fromEntries(Object.entries(invalid(parsed.error).error.fields ?? {}).map(([k, v]) => [`mapping.${k}`, v]));
    return fail("import.mapping_invalid", { fields: Object.keys(fields).join(", ") }, fields);
  }
  return ok({ formatId: "custom", mapping: parsed.data as Record<string, unknown> });
}
