import type { Field, FieldValues } from "@/lib/erp/formats/build-line";
import { text } from "@/lib/erp/formats/document";

/**
 * Yonyou's voucher interface (ufinterface voucher, shared by U8 EAI/OpenAPI and NC): each field with the
 * names it goes by, the first one present winning.
 */
export type UfKeys = Partial<Record<Field, readonly string[]>>;

/** 原币 and quantities come per side; an entry has one side, so the side that is not zero is the entry's. */
const PER_SIDE: ReadonlySet<Field> = new Set(["foreignAmount", "quantity"]);

const isZero = (value: string) => /^[+-]?0*(?:\.0*)?$/.test(value);

/** U8's names for the standard 辅助核算 items (auxiliary.dept_id, <item name="dept_id">). */
export const UF_AUXILIARY_KEYS: Record<string, string> = {
  dept_id: "department",
  personnel_id: "employee",
  cust_id: "customer",
  supplier_id: "supplier",
  item_id: "project",
  item_class: "projectClass",
};

/** The values of an element and, per field, the key they came from (so problems name the element to fix). */
export function pickUf(element: Record<string, unknown>, keys: UfKeys, prefix = ""): { values: FieldValues; used: Partial<Record<Field, string>> } {
  const values: FieldValues = {};
  const used: Partial<Record<Field, string>> = {};
  for (const [field, names] of Object.entries(keys) as [Field, readonly string[]][]) {
    for (const name of names) {
      const v = text(element[name]);
      // The interface writes 0 on the side an entry does not use.
      if (!v || (PER_SIDE.has(field) && isZero(v))) continue;
      values[field] = v;
      used[field] = `${prefix}${name}`;
      break;
    }
    used[field] ??= `${prefix}${names[0]}`;
  }
  return { values, used };
}

/**
 * revokeflag marks a 作废 (voided) voucher: it keeps its number but is not posted and counts in no ledger.
 * ("2" marks a voucher flagged as erroneous, which is still the ERP's to correct and stays.)
 */
export const isRevoked = (value: unknown) => /^(?:1|y|yes|true|是)$/i.test(text(value));
