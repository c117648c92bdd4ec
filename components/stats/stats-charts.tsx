"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["oklch(0.55 0.15 255)", "oklch(0.65 0.15 160)", "oklch(0.75 0.14 75)", "oklch(0.6 0.18 25)", "oklch(0.55 0.1 300)", "oklch(0.6 0.05 250)"];

export interface ChartsProps {
  byYear: { fiscalYear: number; total: number; archived: number }[];
  byCategory: { key: string; label: string; total: number; href: string }[];
  byState: { key: string; label: string; total: number; href: string }[];
}

/** Records by year (bars: held vs archived), by class and by state (pies); every mark opens its filtered list. */
export function StatsCharts({ byYear, byCategory, byState }: ChartsProps) {
  const t = useTranslations("stats");
  const router = useRouter();
  const open = (href: string) => router.push(href);
  const years = byYear.map((y) => ({ ...y, year: String(y.fiscalYear), notArchived: y.total - y.archived }));
  return (
    <div className="grid gap-6 xl:grid-cols-3">
      <figure className="bg-card rounded-xl border p-4 xl:col-span-2">
        <figcaption className="mb-3 text-sm font-medium">{t("charts.byYear")}</figcaption>
        <div className="h-72" role="img" aria-label={t("charts.byYearAlt", { years: byYear.map((y) => `${y.fiscalYear}: ${y.total}`).join(", ") })}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={years} onClick={(e) => e?.activeLabel && open(`/records?fiscalYear=${e.activeLabel}`)}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="year" tickLine={false} />
              <YAxis allowDecimals={false} tickLine={false} width={56} />
              <Tooltip cursor={{ fill: "oklch(0.95 0.01 250)" }} />
              <Legend />
              <Bar dataKey="archived" name={t("charts.archived")} stackId="a" fill={COLORS[1]} className="cursor-pointer" />
              <Bar dataKey="notArchived" name={t("charts.notArchived")} stackId="a" fill={COLORS[0]} radius={[4, 4, 0, 0]} className="cursor-pointer" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <div className="grid gap-6">
        {[
          { title: t("charts.byCategory"), data: byCategory },
          { title: t("charts.byState"), data: byState },
        ].map((chart) => (
          <figure key={chart.title} className="bg-card rounded-xl border p-4">
            <figcaption className="mb-2 text-sm font-medium">{chart.title}</figcaption>
            <div className="flex items-center gap-4">
              <div className="h-32 w-32 shrink-0" aria-hidden>
                <ResponsiveContainer width="100%" height="100%">
                  {/* Decorative beside its legend of links: recharts' keyboard layer would put a focus stop inside aria-hidden. */}
                  <PieChart accessibilityLayer={false}>
                    {/* The separating stroke of a lone full circle would cut a notch into the ring. */}
                    <Pie data={chart.data} dataKey="total" nameKey="label" innerRadius={30} outerRadius={60} stroke={chart.data.length > 1 ? "var(--card)" : "none"} rootTabIndex={-1} onClick={(d) => open((d.payload as { href: string }).href)} className="cursor-pointer">
                      {chart.data.map((d, i) => (
                        <Cell key={d.key} fill={COLORS[i % COLORS.length]} />
                      ))}
                    </Pie>
                    <Tooltip />
                  </PieChart>
                </ResponsiveContainer>
              </div>
              <ul className="grid flex-1 gap-1 text-sm">
                {chart.data.map((d, i) => (
                  <li key={d.key}>
                    <a href={d.href} className="hover:bg-accent flex items-center gap-2 rounded px-1 py-0.5 outline-none focus-visible:ring-2 focus-visible:ring-ring">
                      <span className="size-2.5 rounded-full" style={{ background: COLORS[i % COLORS.length] }} aria-hidden />
                      {d.label}
                      <span className="ml-auto tabular-nums">{d.total.toLocaleString()}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </figure>
        ))}
      </div>
    </div>
  );
}
