import type { EndedApproval, OutboundApproval } from "../types";

export const approval: OutboundApproval = {
  approvalId: "0b9f4c1e-5d2a-4b7e-9c3f-1a2b3c4d5e6f",
  kind: "destruction",
  title: "2013年度会计凭证销毁审批",
  summary: "保管期限届满的记账凭证 120 件，鉴定意见书 JD-2024-003",
  fondsName: "示例集团有限公司",
  requesterOaUserId: "zhangsan",
  approverOaUserIds: ["lisi", "wangwu"],
  detailUrl: "https://acta.example.cn/embed/approvals/0b9f4c1e-5d2a-4b7e-9c3f-1a2b3c4d5e6f",
  createdAt: "2024-06-12T02:00:00.000Z",
};

/** The same approval once decided in Acta, as its completion sees it. */
export const ended: EndedApproval = { ...approval, externalId: "pi-0001", endingNote: "已在 Acta 中批准" };
