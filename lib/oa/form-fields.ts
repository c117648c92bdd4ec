import { z } from "zod";
import type { OutboundApproval } from "./types";

/**
 * The approval's fields shown in an OA form. Each OA template names its controls its own way
 * (DingTalk by label, WeCom by control id, Feishu by widget id), so the connector maps them.
 */
export const approvalFormFields = ["title", "summary", "fondsName", "detailUrl"] as const;
export type ApprovalFormField = (typeof approvalFormFields)[number];

const control = z.string().min(1).max(100);

export const formFieldMapSchema = z.object({
  title: control,
  summary: control,
  fondsName: control,
  detailUrl: control,
});
export type FormFieldMap = z.infer<typeof formFieldMapSchema>;

export function formValues(request: OutboundApproval): { field: ApprovalFormField; value: string }[] {
  return approvalFormFields.map((field) => ({ field, value: request[field] }));
}
