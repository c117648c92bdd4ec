import { getTranslations } from "next-intl/server";
import { formatDecimal } from "@/lib/decimal";
import type { EInvoice } from "@/lib/einvoice/types";

const money = (v: string | null | undefined) => (v ? formatDecimal(v, 2, { grouping: true }) : "—");

/** "0.06" → "6%", "0.135" → "13.5%", by moving the decimal point: no float ever touches a rate. */
function percent(rate: string) {
  const [int = "0", frac = ""] = rate.split(".");
  const rest = frac.slice(2);
  return `${Number(`${int}${frac.padEnd(2, "0").slice(0, 2)}`)}${rest ? `.${rest}` : ""}%`;
}

/** Reads the parsed invoice from a source document's data (lib/einvoice's shape), if it has one. */
export function invoiceOf(data: Record<string, unknown> | null | undefined): EInvoice | null {
  const invoice = data?.invoice as EInvoice | undefined;
  return invoice && typeof invoice.number === "string" && typeof invoice.total === "string" ? invoice : null;
}

/** An e-invoice laid out as people read it (number, date, parties, items, totals), from its parsed XML/OFD data. */
export async function InvoiceCard({ invoice }: { invoice: EInvoice }) {
  const t = await getTranslations("records-ui.invoice");
  return (
    <section aria-label={t("label", { number: invoice.number })} className="overflow-hidden rounded-md border border-[oklch(0.75_0.08_30)] bg-[oklch(0.99_0.01_60)] text-sm" data-testid="invoice-card">
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-[oklch(0.75_0.08_30)] px-4 py-3">
        <h3 className="text-base font-semibold text-[oklch(0.45_0.14_30)]">{t(`kinds.${invoice.kind}`)}</h3>
        <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
          <div className="flex gap-1">
            <dt className="text-muted-foreground">{t("number")}</dt>
            <dd className="font-mono">{invoice.number}</dd>
          </div>
          <div className="flex gap-1">
            <dt className="text-muted-foreground">{t("issueDate")}</dt>
            <dd>{invoice.issueDate}</dd>
          </div>
        </dl>
      </header>
      <div className="grid gap-px bg-[oklch(0.85_0.05_30)] sm:grid-cols-2">
        {[
          [t("buyer"), invoice.buyerName, invoice.buyerTaxId],
          [t("seller"), invoice.sellerName, invoice.sellerTaxId],
        ].map(([role, name, taxId]) => (
          <div key={role} className="bg-[oklch(0.99_0.01_60)] px-4 py-2">
            <div className="text-muted-foreground text-xs">{role}</div>
            <div className="font-medium">{name}</div>
            {taxId && <div className="text-muted-foreground font-mono text-xs">{t("taxId", { id: taxId })}</div>}
          </div>
        ))}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-xs">
          <thead className="text-muted-foreground">
            <tr className="border-b border-[oklch(0.85_0.05_30)]">
              <th className="px-4 py-2 text-left font-normal">{t("item")}</th>
              <th className="px-2 py-2 text-right font-normal">{t("quantity")}</th>
              <th className="px-2 py-2 text-right font-normal">{t("amount")}</th>
              <th className="px-2 py-2 text-right font-normal">{t("taxRate")}</th>
              <th className="px-4 py-2 text-right font-normal">{t("tax")}</th>
            </tr>
          </thead>
          <tbody>
            {invoice.items.map((item, i) => (
              <tr key={i} className="border-b border-dashed border-[oklch(0.9_0.03_30)]">
                <td className="px-4 py-1.5">{item.name}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{item.quantity || "—"}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{money(item.amount)}</td>
                <td className="px-2 py-1.5 text-right">{/^\d+(\.\d+)?$/.test(item.taxRate) ? percent(item.taxRate) : item.taxRate}</td>
                <td className="px-4 py-1.5 text-right tabular-nums">{money(item.tax)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <footer className="flex flex-wrap justify-end gap-x-6 gap-y-1 px-4 py-3">
        <span>
          {t("amount")} <strong className="tabular-nums">¥{money(invoice.amount)}</strong>
        </span>
        <span>
          {t("tax")} <strong className="tabular-nums">¥{money(invoice.tax)}</strong>
        </span>
        <span>
          {t("total")} <strong className="text-base tabular-nums">¥{money(invoice.total)}</strong>
        </span>
      </footer>
    </section>
  );
}
