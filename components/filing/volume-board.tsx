"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { ArrowDownIcon, ArrowRightLeftIcon, ArrowUpIcon, LockIcon } from "lucide-react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { FormMessage } from "@/components/filing/form-message";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { VolumeCover } from "@/lib/archive/volumes/assemble";
import { formatDecimal } from "@/lib/decimal";
import type { FilingPeriod } from "@/lib/filing/queries/get-filing-period";
import { itemLabel } from "./item-label";

type Volume = FilingPeriod["volumes"][number];
type Item = FilingPeriod["records"][number];

export interface VolumeBoardProps {
  volumes: Volume[];
  records: Item[];
  move: (recordId: string, volumeId: string, position: number) => Promise<DoneState>;
  reorder: (volumeId: string, recordIds: string[]) => Promise<DoneState>;
}

const SELECT = "border-input bg-background h-8 max-w-44 rounded-md border px-2 text-xs shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50";

const STEPS = [
  { label: "moveUp", by: -1, Icon: ArrowUpIcon },
  { label: "moveDown", by: 1, Icon: ArrowDownIcon },
] as const;

/**
 * The proposed volumes with their cover data, and the controls to adjust them before filing: move a record
 * up or down, or into another volume of the same voucher word and month (the service refuses mixing,
 * DA/T 94 8.4.2). Buttons and selects, so every change is possible from the keyboard.
 */
export function VolumeBoard({ volumes, records, move, reorder }: VolumeBoardProps) {
  const t = useTranslations("filing-ui.volumes");
  const [state, setState] = useState<DoneState>({ error: null, done: null });
  const [pending, start] = useTransition();
  // A volume's rows are rendered once it is first opened (the first one is open): a month of thousands of
  // vouchers is dozens of volumes, and each row of an open volume carries a select of every volume it may move to.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const byId = new Map(records.map((r) => [r.id, r]));
  const run = (fn: () => Promise<DoneState>) => start(async () => setState(await fn()));

  if (volumes.length === 0) {
    return <p className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm">{t("empty")}</p>;
  }
  return (
    <div className="grid gap-3" aria-busy={pending}>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
      {volumes.map((v, index) => {
        const members = v.recordIds.flatMap((id) => byId.get(id) ?? []);
        const open = v.state === "open" && members.every((m) => m.state === "collected");
        const targets = volumes.filter((o) => o.id !== v.id && o.state === "open" && o.category === v.category && o.voucherWord === v.voucherWord);
        return (
          <details
            key={v.id}
            className="bg-card group rounded-xl border"
            open={index === 0}
            onToggle={(e) => {
              if (e.currentTarget.open) setOpened((seen) => (seen.has(v.id) ? seen : new Set(seen).add(v.id)));
            }}
          >
            <summary className="flex cursor-pointer flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
              <VolumeCoverLine volume={v} />
            </summary>
            {(index === 0 || opened.has(v.id)) && (
              <div className="border-t px-2 pb-2">
                <Table aria-label={v.title}>
                  <TableHeader>
                    <TableRow>
                      <TableHead className="w-12">{t("position")}</TableHead>
                      <TableHead>{t("voucherNo")}</TableHead>
                      <TableHead>{t("date")}</TableHead>
                      <TableHead>{t("summary")}</TableHead>
                      <TableHead className="text-right">{t("amount")}</TableHead>
                      {open && <TableHead className="text-right">{t("adjust")}</TableHead>}
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {members.map((r, i) => (
                      <TableRow key={r.id}>
                        <TableCell className="text-muted-foreground tabular-nums">{i + 1}</TableCell>
                        <TableCell className="font-mono whitespace-nowrap">{itemLabel(r)}</TableCell>
                        <TableCell className="whitespace-nowrap tabular-nums">{r.voucherDate ?? r.docDate ?? "—"}</TableCell>
                        <TableCell className="max-w-[22rem] truncate" title={r.summary ?? r.title}>
                          {r.summary ?? r.title}
                        </TableCell>
                        <TableCell className="text-right font-mono tabular-nums">{r.amount ? formatDecimal(r.amount, 2, { grouping: true }) : "—"}</TableCell>
                        {open && (
                          <TableCell className="text-right">
                            <div className="flex items-center justify-end gap-1">
                              {STEPS.map(({ label, by, Icon }) => (
                                <Button
                                  key={label}
                                  type="button"
                                  variant="ghost"
                                  size="icon"
                                  className="size-8"
                                  aria-label={t(label, { item: itemLabel(r) })}
                                  disabled={pending || !members[i + by]}
                                  onClick={() => run(() => reorder(v.id, swap(v.recordIds, i, i + by)))}
                                >
                                  <Icon aria-hidden />
                                </Button>
                              ))}
                              {targets.length > 0 && (
                                <MoveControl
                                  item={r}
                                  targets={targets}
                                  disabled={pending}
                                  onMove={(target) => run(() => move(r.id, target.id, insertionPoint(target, byId, r)))}
                                />
                              )}
                            </div>
                          </TableCell>
                        )}
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {!open && (
                  <p className="text-muted-foreground flex items-center gap-1.5 px-2 pt-2 text-xs">
                    <LockIcon className="size-3" aria-hidden />
                    {t(v.state === "sealed" ? "sealed" : "locked")}
                  </p>
                )}
              </div>
            )}
          </details>
        );
      })}
    </div>
  );
}

function MoveControl({ item, targets, disabled, onMove }: { item: Item; targets: Volume[]; disabled: boolean; onMove: (v: Volume) => void }) {
  const t = useTranslations("filing-ui.volumes");
  const [target, setTarget] = useState(targets[0]!.id);
  const chosen = targets.find((v) => v.id === target) ?? targets[0]!;
  return (
    <>
      <select className={SELECT} aria-label={t("moveTarget", { item: itemLabel(item) })} value={chosen.id} onChange={(e) => setTarget(e.target.value)} disabled={disabled}>
        {targets.map((v) => (
          <option key={v.id} value={v.id}>
            {v.title}
          </option>
        ))}
      </select>
      <Button type="button" variant="outline" size="sm" disabled={disabled} onClick={() => onMove(chosen)} aria-label={t("moveTo", { item: itemLabel(item), volume: chosen.title })}>
        <ArrowRightLeftIcon aria-hidden />
        {t("move")}
      </Button>
    </>
  );
}

/** The cover data of one volume in a line: title, dates, numbers, count, retention, state. */
export function VolumeCoverLine({ volume }: { volume: Volume }) {
  const t = useTranslations("filing-ui.volumes");
  const tr = useTranslations("common.retention");
  const format = useFormatter();
  const cover = volume.cover as Partial<VolumeCover>;
  return (
    <>
      <span className="font-medium">{volume.title}</span>
      {volume.volumeNo !== null && <span className="text-muted-foreground font-mono text-xs">{t("volumeNo", { no: volume.volumeNo })}</span>}
      <span className="text-muted-foreground text-xs tabular-nums">
        {cover.dateFrom && cover.dateTo ? t("dateRange", { from: cover.dateFrom, to: cover.dateTo }) : null}
      </span>
      {cover.firstVoucherNo != null && (
        <span className="text-muted-foreground text-xs tabular-nums">{t("numbers", { first: cover.firstVoucherNo, last: cover.lastVoucherNo ?? cover.firstVoucherNo })}</span>
      )}
      <span className="text-muted-foreground text-xs">{t("count", { count: volume.recordIds.length })}</span>
      {volume.retention && <Badge variant="outline">{tr(volume.retention)}</Badge>}
      <Badge variant={volume.state === "sealed" ? "success" : "secondary"} className="ml-auto">
        {volume.state === "sealed" && <LockIcon aria-hidden />}
        {t(`state.${volume.state}`)}
        {volume.sealedAt && ` · ${format.dateTime(volume.sealedAt, { dateStyle: "medium" })}`}
      </Badge>
    </>
  );
}

function swap(ids: readonly string[], a: number, b: number): string[] {
  const next = [...ids];
  [next[a], next[b]] = [next[b]!, next[a]!];
  return next;
}

/** Where a moved voucher belongs in its new volume: in number order (DA/T 94 8.4.2), else at the end. */
function insertionPoint(target: Volume, byId: Map<string, Item>, item: Item): number {
  if (item.voucherNoNum === null) return target.recordIds.length;
  const index = target.recordIds.findIndex((id) => (byId.get(id)?.voucherNoNum ?? Number.MAX_SAFE_INTEGER) > item.voucherNoNum!);
  return index < 0 ? target.recordIds.length : index;
}
