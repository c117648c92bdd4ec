"use server";

import { revalidatePath } from "next/cache";
import { type DoneState, toDoneState } from "@/app/(app)/filing/done-state";
import { requireServiceContext } from "@/app/_server/context";
import { setRetentionOverride } from "@/lib/rules/set-retention-override";
import { updateCodeRule } from "@/lib/rules/update-code-rule";

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
