"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { SearchIcon, SlidersHorizontalIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { PERIODS_PER_YEAR, PERIOD_KINDS } from "@/lib/archive/periods/periods";
import { RECORD_CATEGORIES } from "@/lib/archive/retention/schedules";
import { periodLabelValues } from "@/lib/records/period-label";
import { FILTER_KEYS, type FilterKey, fromPeriodChoice, periodChoice } from "./search-params";

const PERIOD_OPTIONS = PERIOD_KINDS.map((kind) => ({
  kind,
  periods: PERIODS_PER_YEAR[kind] === 0 ? [null] : Array.from({ length: PERIODS_PER_YEAR[kind] }, (_, i) => i + 1),
}));
const STATES = ["collected", "filing", "archived", "transferred", "on_loan", "destroyed"] as const;
const DETAIL_KEYS: FilterKey[] = ["period", "periodKind", "category", "state", "account", "amountMin", "amountMax", "dateFrom", "dateTo"];

interface Props {
  params: URLSearchParams;
  fondsOptions: { id: string; label: string }[];
  years: number[];
  defaultFondsId: string | null;
  onApply: (changes: Record<string, string | null>) => void;
}

/** The search box and the filters; applying them rewrites the URL, which the list follows. */
export function SearchFilters({ params, fondsOptions, years, defaultFondsId, onApply }: Props) {
  const t = useTranslations("records-ui");
  const tc = useTranslations("common");
  const [open, setOpen] = useState(() => DETAIL_KEYS.some((k) => params.has(k)));
  const value = (key: FilterKey) => params.get(key) ?? "";

  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const changes: Record<string, string | null> = {};
    for (const key of FILTER_KEYS) {
      if (!form.has(key)) continue;
      const v = String(form.get(key) ?? "").trim();
      changes[key] = v === "" || (key === "fondsId" && v === defaultFondsId) ? null : v;
    }
    if (form.has("periodChoice")) Object.assign(changes, fromPeriodChoice(String(form.get("periodChoice"))));
    onApply(changes);
  };

  return (
    <form key={params.toString()} onSubmit={submit} role="search" aria-label={t("search.label")} className="bg-card grid gap-3 rounded-lg border p-3">
      <div className="flex flex-wrap gap-2">
        <div className="relative min-w-60 flex-1">
          <SearchIcon className="text-muted-foreground pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2" aria-hidden />
          <Input name="q" type="search" defaultValue={value("q")} placeholder={t("search.placeholder")} aria-label={t("search.label")} className="pl-9" maxLength={200} />
        </div>
        {fondsOptions.length > 1 && (
          <div className="w-56">
            <NativeSelect name="fondsId" defaultValue={value("fondsId") || defaultFondsId || ""} aria-label={t("filters.fonds")}>
              {/* Without a default (the OA's embedded search) the results span every fonds: say so, or the first
                  fonds showed as chosen and the next search quietly narrowed to it. */}
              {defaultFondsId === null && <option value="">{t("filters.allFonds")}</option>}
              {fondsOptions.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </NativeSelect>
          </div>
        )}
        <div className="w-32">
          <NativeSelect name="fiscalYear" defaultValue={value("fiscalYear")} aria-label={t("filters.fiscalYear")}>
            <option value="">{t("filters.allYears")}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {t("filters.year", { year: y })}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit">{tc("actions.search")}</Button>
        <Button type="button" variant="outline" aria-expanded={open} aria-controls="record-filters" onClick={() => setOpen((o) => !o)}>
          <SlidersHorizontalIcon aria-hidden />
          {t("filters.more")}
        </Button>
      </div>
      <div id="record-filters" hidden={!open} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label={t("filters.period")} id="f-period">
          {/* One select for every kind of period: a Q3 report has period 3 as March has, so the kind is chosen with it. */}
          <NativeSelect id="f-period" name="periodChoice" defaultValue={periodChoice(params.get("period"), params.get("periodKind"))}>
            <option value="">{t("filters.allPeriods")}</option>
            {PERIOD_OPTIONS.map(({ kind, periods }) => (
              <optgroup key={kind} label={t(`periodKinds.${kind}`)}>
                {periods.map((period) => (
                  <option key={period ?? kind} value={periodChoice(period === null ? null : String(period), kind)}>
                    {t("periodLabel", periodLabelValues(kind, period))}
                  </option>
                ))}
              </optgroup>
            ))}
          </NativeSelect>
        </Field>
        <Field label={t("filters.category")} id="f-category">
          <NativeSelect id="f-category" name="category" defaultValue={value("category")}>
            <option value="">{t("filters.all")}</option>
            {RECORD_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {tc(`categories.${c}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label={t("filters.state")} id="f-state">
          <NativeSelect id="f-state" name="state" defaultValue={value("state")}>
            <option value="">{t("filters.all")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {tc(`states.${s}`)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label={t("filters.account")} id="f-account">
          <Input id="f-account" name="account" defaultValue={value("account")} placeholder={t("filters.accountPlaceholder")} inputMode="numeric" />
        </Field>
        <Field label={t("filters.amountMin")} id="f-amount-min">
          <Input id="f-amount-min" name="amountMin" defaultValue={value("amountMin")} inputMode="decimal" placeholder="0.00" />
        </Field>
        <Field label={t("filters.amountMax")} id="f-amount-max">
          <Input id="f-amount-max" name="amountMax" defaultValue={value("amountMax")} inputMode="decimal" placeholder="0.00" />
        </Field>
        <Field label={t("filters.dateFrom")} id="f-date-from">
          <Input id="f-date-from" name="dateFrom" type="date" defaultValue={value("dateFrom")} />
        </Field>
        <Field label={t("filters.dateTo")} id="f-date-to">
          <Input id="f-date-to" name="dateTo" type="date" defaultValue={value("dateTo")} />
        </Field>
      </div>
    </form>
  );
}

function Field({ label, id, children }: { label: string; id: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}
