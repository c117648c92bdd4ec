import Link from "next/link";
import { useTranslations } from "next-intl";
import { FileSearchIcon } from "lucide-react";
import { OutcomeBadge } from "@/components/filing/outcome-badge";
import { Button } from "@/components/ui/button";
import { OUTCOMES } from "@/lib/archive/checks/types";
import type { CheckReport } from "@/lib/filing/queries/get-check-report";

/** The four properties of a check run at a glance: how many items passed, failed, warned or wait. */
export function CheckSummary({ report, showLink = true }: { report: CheckReport; showLink?: boolean }) {
  const t = useTranslations("filing-ui.report");
  const tp = useTranslations("archive.check.property");
  return (
    <div className="grid gap-3">
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {report.properties.map((p) => (
          <section key={p.property} className="bg-card rounded-lg border p-3" aria-label={tp(p.property)}>
            <h3 className="text-sm font-medium">{tp(p.property)}</h3>
            <p className="text-muted-foreground text-xs">{t("itemCount", { count: p.items.length })}</p>
            <div className="mt-2 flex flex-wrap gap-1">
              {OUTCOMES.filter((o) => p.counts[o] > 0).map((o) => (
                <OutcomeBadge key={o} outcome={o} count={p.counts[o]} />
              ))}
            </div>
          </section>
        ))}
      </div>
      {showLink && (
        <div>
          <Button asChild variant="outline" size="sm">
            <Link href={`/filing/check-runs/${report.run.id}`}>
              <FileSearchIcon aria-hidden />
              {t("open")}
            </Link>
          </Button>
        </div>
      )}
    </div>
  );
}
