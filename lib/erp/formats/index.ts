import { canonicalJson } from "@/lib/erp/formats/canonical-json";
import { custom } from "@/lib/erp/formats/custom";
import { erpnext } from "@/lib/erp/formats/erpnext";
import { kingdeeCloud } from "@/lib/erp/formats/kingdee-cloud";
import { kingdeeK3 } from "@/lib/erp/formats/kingdee-k3";
import { odoo } from "@/lib/erp/formats/odoo";
import { sapBkpf } from "@/lib/erp/formats/sap-bkpf";
import { sapFbl3n } from "@/lib/erp/formats/sap-fbl3n";
import type { ErpFormat, FormatId } from "@/lib/erp/formats/types";
import { yonyouNc } from "@/lib/erp/formats/yonyou-nc";
import { yonyouU8 } from "@/lib/erp/formats/yonyou-u8";

/** The only list of ERP formats: adding a format means adding it here. */
export const ERP_FORMATS: readonly ErpFormat[] = [
  kingdeeK3,
  kingdeeCloud,
  yonyouU8,
  yonyouNc,
  sapFbl3n,
  sapBkpf,
  odoo,
  erpnext,
  canonicalJson,
  custom,
];

export function getFormat(id: FormatId): ErpFormat {
  const format = ERP_FORMATS.find((f) => f.id === id);
  // FormatId is a closed union and every member is registered above, so this is unreachable.
  if (!format) throw new Error(`Unregistered ERP format ${id}`);
  return format;
}

/** Every known tabular header name, to find the header row under title rows before the format is known. */
export const TABULAR_VOCABULARY: ReadonlySet<string> = new Set(ERP_FORMATS.flatMap((f) => [...(f.tabular?.vocabulary ?? [])]));
