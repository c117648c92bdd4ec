"use server";

import { revalidatePath } from "next/cache";
import { type DoneState, toDoneState } from "@/app/(app)/filing/done-state";
import { requireServiceContext } from "@/app/_server/context";
import { moveRecordToVolume } from "@/lib/filing/move-record-to-volume";
import { proposeVolumes } from "@/lib/filing/propose-volumes";
import { recordManualCheck } from "@/lib/filing/record-manual-check";
import { reorderVolume } from "@/lib/filing/reorder-volume";
import { runFilingChecks } from "@/lib/filing/run-filing-checks";
import { submitFiling } from "@/lib/filing/submit-filing";

/** The period a workbench form names; the services' zod schemas judge the values. */
function periodOf(form: FormData) {
  return { fondsId: form.get("fondsId"), fiscalYear: Number(form.get("fiscalYear")), period: Number(form.get("period")) };
}

export async function proposeVolumesAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await proposeVolumes(ctx, periodOf(form));
  revalidatePath("/filing");
  return toDoneState(result, (p) => ({ key: "filing-ui.done.proposed", params: { volumes: p.volumes.length, unplaced: p.unplaced.length } }));
}

export async function runChecksAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await runFilingChecks(ctx, periodOf(form));
  revalidatePath("/filing");
  return toDoneState(result, (run) => ({ key: "filing-ui.done.checked", params: { records: run.summary.records, failed: run.summary.failed, warnings: run.summary.warnings } }));
}

export async function submitFilingAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await submitFiling(ctx, periodOf(form), { overrideWarnings: form.get("overrideWarnings") === "on" });
  revalidatePath("/filing");
  return toDoneState(result, (f) => ({ key: "filing-ui.done.submitted", params: { records: f.records.length, heldBack: f.heldBack.length } }));
}

/** A keyboard or button move of one record into another open volume, at a 0-based position. */
export async function moveRecordAction(recordId: string, volumeId: string, position: number): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await moveRecordToVolume(ctx, { recordId, volumeId, position });
  revalidatePath("/filing");
  return toDoneState(result, () => ({ key: "filing-ui.done.moved" }));
}

export async function reorderVolumeAction(volumeId: string, recordIds: string[]): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await reorderVolume(ctx, { volumeId, recordIds });
  revalidatePath("/filing");
  return toDoneState(result, () => ({ key: "filing-ui.done.reordered" }));
}

/** A person's result for a DA/T 70 item software cannot decide, from the check report. */
export async function recordManualCheckAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const recordId = form.get("recordId");
  const note = form.get("note");
  const result = await recordManualCheck(ctx, {
    runId: form.get("runId"),
    code: form.get("code"),
    outcome: form.get("outcome"),
    ...(recordId ? { recordId } : {}),
    ...(note ? { note } : {}),
  });
  revalidatePath("/filing", "layout");
  return toDoneState(result, () => ({ key: "filing-ui.done.manualRecorded" }));
}
