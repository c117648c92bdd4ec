import { useTranslations } from "next-intl";
import { CalendarIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";

const SELECT = "border-input bg-background h-9 rounded-md border px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50";

/** Chooses the month to file; a plain GET form, so the period is in the URL and works without script. */
export function PeriodPicker({ years, fiscalYear, period }: { years: number[]; fiscalYear: number; period: number }) {
  const t = useTranslations("filing-ui.period");
  return (
    <form method="get" action="/filing" className="flex flex-wrap items-end gap-3" aria-label={t("label")}>
      <div className="grid gap-1.5">
        <Label htmlFor="period-year">{t("year")}</Label>
        <select id="period-year" name="year" defaultValue={fiscalYear} className={SELECT}>
          {years.map((y) => (
            <option key={y} value={y}>
              {t("yearOption", { year: y })}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="period-month">{t("month")}</Label>
        <select id="period-month" name="month" defaultValue={period} className={SELECT}>
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <option key={m} value={m}>
              {t("monthOption", { month: m })}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="outline">
        <CalendarIcon aria-hidden />
        {t("show")}
      </Button>
    </form>
  );
}
