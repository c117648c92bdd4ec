"use client";

import { useTranslations } from "next-intl";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

/** The fields a column can feed, required ones first (lib/erp custom format). */
const REQUIRED = ["voucherNo", "date", "accountCode"] as const;
const OPTIONAL = ["voucherWord", "fiscalYear", "period", "summary", "accountName", "preparer", "reviewer", "attachmentCount", "invoiceNumber"] as const;

export interface EditableMapping {
  columns: Record<string, string>;
  debitCredit: { mode: "two-columns" } | { mode: "signed-amount"; amount: string };
}

/** A mapping proposed by lib/erp's proposeMapping (or saved on the connector), reduced to what the editor edits. */
export function toEditable(mapping: unknown): EditableMapping {
  const m = (mapping ?? {}) as { columns?: Record<string, unknown>; debitCredit?: { mode?: string; amount?: string } };
  const columns = Object.fromEntries(Object.entries(m.columns ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"));
  const debitCredit = m.debitCredit?.mode === "signed-amount" && m.debitCredit.amount ? { mode: "signed-amount" as const, amount: m.debitCredit.amount } : { mode: "two-columns" as const };
  return { columns, debitCredit };
}

/** Column by column: which header of the file feeds which voucher field. */
export function MappingEditor({ headers, value, onChange, disabled }: { headers: string[]; value: EditableMapping; onChange: (m: EditableMapping) => void; disabled?: boolean }) {
  const t = useTranslations("imports-ui.mapping");
  const fields = useTranslations("imports-ui.fields");
  const cells = headers.filter(Boolean);
  const setColumn = (field: string, column: string) => {
    const columns = { ...value.columns };
    if (column) columns[field] = column;
    else delete columns[field];
    onChange({ ...value, columns });
  };
  const select = (field: string, required: boolean) => (
    <div key={field} className="grid gap-1.5">
      <Label htmlFor={`map-${field}`}>
        {fields(field)}
        {required && <span className="text-destructive">*</span>}
      </Label>
      <NativeSelect id={`map-${field}`} value={value.columns[field] ?? ""} onChange={(e) => setColumn(field, e.target.value)} disabled={disabled} aria-required={required}>
        <option value="">{t("unmapped")}</option>
        {cells.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
  return (
    <fieldset className="grid gap-4" disabled={disabled}>
      <legend className="mb-1 text-sm font-medium">{t("title")}</legend>
      <p className="text-muted-foreground text-xs">{t("hint")}</p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{REQUIRED.map((f) => select(f, true))}</div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="grid gap-1.5">
          <Label htmlFor="map-amount-mode">{t("amountMode")}</Label>
          <NativeSelect
            id="map-amount-mode"
            value={value.debitCredit.mode}
            onChange={(e) => onChange({ ...value, debitCredit: e.target.value === "signed-amount" ? { mode: "signed-amount", amount: cells[0] ?? "" } : { mode: "two-columns" } })}
          >
            <option value="two-columns">{t("twoColumns")}</option>
            <option value="signed-amount">{t("signedAmount")}</option>
          </NativeSelect>
        </div>
        {value.debitCredit.mode === "two-columns" ? (
          <>
            {select("debit", true)}
            {select("credit", true)}
          </>
        ) : (
          <div className="grid gap-1.5">
            <Label htmlFor="map-amount">
              {fields("amount")}
              <span className="text-destructive">*</span>
            </Label>
            <NativeSelect id="map-amount" value={value.debitCredit.amount} onChange={(e) => onChange({ ...value, debitCredit: { mode: "signed-amount", amount: e.target.value } })}>
              {cells.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </NativeSelect>
          </div>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{OPTIONAL.map((f) => select(f, false))}</div>
    </fieldset>
  );
}
