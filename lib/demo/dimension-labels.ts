/** How Chinese ERPs label 辅助核算 classes; the readers map them back (lib/erp build-line dimensionKey). */
export const DIMENSION_LABELS: Record<string, string> = {
  department: "部门",
  employee: "职员",
  customer: "客户",
  supplier: "供应商",
  project: "项目",
};
