"use server";

import { revalidatePath } from "next/cache";
import { type DoneState, toDoneState } from "@/app/(app)/filing/done-state";
import { requireServiceContext } from "@/app/_server/context";
import { setRetentionOverride } from "@/lib/rules/set-retention-override";
import { updateCodeRule } from "@/lib/rules/update-code-rule";
import { updateFondsFilingSettings } from "@/lib/rules/update-fonds-filing-settings";

/** An empty choice means "the legal term": the fonds' own term is removed. */
export async function setRetentionOverrideAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const retention = form.get("retention");
  const result = await setRetentionOverride(ctx, { fondsId: form.get("fondsId"), materialType: form.get("materialType"), retention: retention ? retention : null });
  revalidatePath("/filing/rules");
  return toDoneState(result, () => ({ key: "rules-ui.done.override" }));
}

export async function updateCodeRuleAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await updateCodeRule(ctx, { fondsId: form.get("fondsId"), category: form.get("category"), template: form.get("template") });
  revalidatePath("/filing/rules");
  return toDoneState(result, (r) => ({ key: "rules-ui.done.codeRule", params: { example: r.example } }));
}

// A number field left empty is no number: NaN is refused by the service's schema with a message under the field.
const numberField = (value: FormDataEntryValue | null) => (typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN);

/** The settings form shows part of the check settings; the service keeps the rest as stored. */
export async function updateFilingSettingsAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const words = String(form.get("voucherWords") ?? "")
    .split(/[\s,，、;；]+/)
    .filter(Boolean);
  const result = await updateFondsFilingSettings(ctx, {
    fondsId: form.get("fondsId"),
    volumeSize: numberField(form.get("volumeSize")),
    checks: {
      attachmentShortfallOutcome: form.get("attachmentShortfallOutcome"),
      voucherWords: words.length > 0 ? words : null,
      minFiscalYear: numberField(form.get("minFiscalYear")),
      duplicateKeys: form.getAll("duplicateKeys"),
      disabled: form.getAll("disabled"),
    },
    // The box's hidden "false" comes first: ticked, both values arrive.
    ownRequestsDecidable: form.getAll("ownRequestsDecidable").includes("true"),
  });
  revalidatePath("/filing/rules");
  return toDoneState(result, () => ({ key: "rules-ui.done.settings" }));
}
