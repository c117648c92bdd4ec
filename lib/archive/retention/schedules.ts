/**
 * The two legal retention schedules (保管期限表) as data. Enterprise: DA/T 94-2022 Table B.1 (= 79号令 附表1);
 * public sector: DA/T 94-2022 Table B.2 (= 79号令 附表2). `row` is the item number in the printed table; a
 * row that covers several material types ("各种会计凭证") is listed once per type with the same row.
 * Periods are minimums (79号令 Art. 14): a fonds may lengthen them, never shorten them.
 */

export const RETENTIONS = ["permanent", "Y30", "Y10", "Y5", "Y2", "after_disposal_5y"] as const;
export type Retention = (typeof RETENTIONS)[number];

export const RECORD_CATEGORIES = ["voucher", "ledger", "report", "other"] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

export interface ScheduleItem {
  row: number;
  materialType: string;
  name: { zh: string; en: string };
  category: RecordCategory;
  retention: Retention;
}

export interface RetentionSchedule {
  id: "enterprise" | "public_sector";
  items: readonly ScheduleItem[];
  /**
   * 79号令 Art. 14: material not listed is kept as long as the most similar listed item. The schedule names
   * that item per category; a fonds can choose another through its overrides.
   */
  fallbackMaterialType: Readonly<Record<RecordCategory, string>>;
}

export const ENTERPRISE_SCHEDULE: RetentionSchedule = {
  id: "enterprise",
  items: [
    { row: 1, materialType: "source_document", name: { zh: "原始凭证", en: "Source documents" }, category: "voucher", retention: "Y30" },
    { row: 2, materialType: "voucher", name: { zh: "记账凭证", en: "Journal vouchers" }, category: "voucher", retention: "Y30" },
    { row: 3, materialType: "general_ledger", name: { zh: "总账", en: "General ledger" }, category: "ledger", retention: "Y30" },
    { row: 4, materialType: "subsidiary_ledger", name: { zh: "明细账", en: "Subsidiary ledgers" }, category: "ledger", retention: "Y30" },
    { row: 5, materialType: "journal", name: { zh: "日记账", en: "Journals (cash and bank)" }, category: "ledger", retention: "Y30" },
    { row: 6, materialType: "fixed_asset_card", name: { zh: "固定资产卡片", en: "Fixed-asset cards" }, category: "ledger", retention: "after_disposal_5y" },
    { row: 7, materialType: "other_ledger", name: { zh: "其他辅助性账簿", en: "Other auxiliary ledgers" }, category: "ledger", retention: "Y30" },
    { row: 8, materialType: "report_periodic", name: { zh: "月度、季度、半年度财务会计报告", en: "Monthly, quarterly and half-year financial reports" }, category: "report", retention: "Y10" },
    { row: 9, materialType: "report_annual", name: { zh: "年度财务会计报告", en: "Annual financial reports" }, category: "report", retention: "permanent" },
    { row: 10, materialType: "bank_reconciliation", name: { zh: "银行存款余额调节表", en: "Bank reconciliation statements" }, category: "other", retention: "Y10" },
    { row: 11, materialType: "bank_statement", name: { zh: "银行对账单", en: "Bank statements" }, category: "other", retention: "Y10" },
    { row: 12, materialType: "tax_return", name: { zh: "纳税申报表", en: "Tax returns" }, category: "other", retention: "Y10" },
    { row: 13, materialType: "transfer_list", name: { zh: "会计档案移交清册", en: "Archive transfer lists" }, category: "other", retention: "Y30" },
    { row: 14, materialType: "custody_list", name: { zh: "会计档案保管清册", en: "Archive custody lists" }, category: "other", retention: "permanent" },
    { row: 15, materialType: "destruction_list", name: { zh: "会计档案销毁清册", en: "Archive destruction lists" }, category: "other", retention: "permanent" },
    { row: 16, materialType: "appraisal_opinion", name: { zh: "会计档案鉴定意见书", en: "Archive appraisal opinions" }, category: "other", retention: "permanent" },
  ],
  fallbackMaterialType: { voucher: "voucher", ledger: "other_ledger", report: "report_periodic", other: "bank_reconciliation" },
};

/**
 * Rows follow 79号令 附表2 (财政总预算、行政单位、事业单位和税收会计档案保管期限表). Reports that subordinate units
 * or lower-level finance departments send up are kept 2 years (the table's 备注 column), hence the separate
 * `report_subordinate_copy` type.
 */
export const PUBLIC_SECTOR_SCHEDULE: RetentionSchedule = {
  id: "public_sector",
  items: [
    { row: 1, materialType: "treasury_report_voucher", name: { zh: "国家金库编送的各种报表及缴库退库凭证", en: "State treasury reports and payment/refund vouchers" }, category: "voucher", retention: "Y10" },
    { row: 2, materialType: "revenue_agency_report", name: { zh: "各收入机关编送的报表", en: "Reports sent by revenue agencies" }, category: "voucher", retention: "Y10" },
    { row: 3, materialType: "source_document", name: { zh: "行政单位和事业单位的各种会计凭证（原始凭证）", en: "Source documents of administrative and public institutions" }, category: "voucher", retention: "Y30" },
    { row: 3, materialType: "voucher", name: { zh: "行政单位和事业单位的各种会计凭证（记账凭证）", en: "Journal vouchers of administrative and public institutions" }, category: "voucher", retention: "Y30" },
    { row: 4, materialType: "budget_appropriation_voucher", name: { zh: "财政总预算拨款凭证和其他会计凭证", en: "General-budget appropriation and other vouchers" }, category: "voucher", retention: "Y30" },
    { row: 5, materialType: "agricultural_tax_settlement_voucher", name: { zh: "农牧业税结算凭证", en: "Agricultural and pastoral tax settlement vouchers" }, category: "voucher", retention: "Y30" },
    { row: 6, materialType: "journal", name: { zh: "日记账", en: "Journals" }, category: "ledger", retention: "Y30" },
    { row: 7, materialType: "general_ledger", name: { zh: "总账", en: "General ledger" }, category: "ledger", retention: "Y30" },
    { row: 8, materialType: "tax_journal", name: { zh: "税收日记账（总账）", en: "Tax journal (general ledger)" }, category: "ledger", retention: "Y30" },
    { row: 9, materialType: "subsidiary_ledger", name: { zh: "明细分类、分户账或登记簿", en: "Subsidiary ledgers, account books and registers" }, category: "ledger", retention: "Y30" },
    { row: 9, materialType: "other_ledger", name: { zh: "其他登记簿", en: "Other registers" }, category: "ledger", retention: "Y30" },
    { row: 10, materialType: "fixed_asset_card", name: { zh: "行政单位和事业单位固定资产卡片", en: "Fixed-asset cards of administrative and public institutions" }, category: "ledger", retention: "after_disposal_5y" },
    { row: 11, materialType: "government_financial_report", name: { zh: "政府综合财务报告", en: "Comprehensive government financial report" }, category: "report", retention: "permanent" },
    { row: 12, materialType: "department_financial_report", name: { zh: "部门财务报告", en: "Departmental financial report" }, category: "report", retention: "permanent" },
    { row: 13, materialType: "fiscal_final_accounts", name: { zh: "财政总决算", en: "General fiscal final accounts" }, category: "report", retention: "permanent" },
    { row: 14, materialType: "department_final_accounts", name: { zh: "部门决算", en: "Departmental final accounts" }, category: "report", retention: "permanent" },
    { row: 15, materialType: "tax_annual_report", name: { zh: "税收年报（决算）", en: "Annual tax report (final accounts)" }, category: "report", retention: "permanent" },
    { row: 16, materialType: "treasury_annual_report", name: { zh: "国家金库年报（决算）", en: "Annual state treasury report" }, category: "report", retention: "Y10" },
    { row: 17, materialType: "capital_construction_annual_report", name: { zh: "基本建设拨、贷款年报（决算）", en: "Annual capital-construction appropriation and loan report" }, category: "report", retention: "Y10" },
    { row: 18, materialType: "report_periodic", name: { zh: "行政单位和事业单位会计月、季度报表", en: "Monthly and quarterly reports of administrative and public institutions" }, category: "report", retention: "Y10" },
    { row: 19, materialType: "tax_accounting_report", name: { zh: "税收会计报表", en: "Tax accounting reports" }, category: "report", retention: "Y10" },
    { row: 11, materialType: "report_subordinate_copy", name: { zh: "下级财政、所属单位报送的财务会计报告", en: "Reports received from subordinate units" }, category: "report", retention: "Y2" },
    { row: 20, materialType: "bank_reconciliation", name: { zh: "银行存款余额调节表", en: "Bank reconciliation statements" }, category: "other", retention: "Y10" },
    { row: 21, materialType: "bank_statement", name: { zh: "银行对账单", en: "Bank statements" }, category: "other", retention: "Y10" },
    { row: 22, materialType: "transfer_list", name: { zh: "会计档案移交清册", en: "Archive transfer lists" }, category: "other", retention: "Y30" },
    { row: 23, materialType: "custody_list", name: { zh: "会计档案保管清册", en: "Archive custody lists" }, category: "other", retention: "permanent" },
    { row: 24, materialType: "destruction_list", name: { zh: "会计档案销毁清册", en: "Archive destruction lists" }, category: "other", retention: "permanent" },
    { row: 25, materialType: "appraisal_opinion", name: { zh: "会计档案鉴定意见书", en: "Archive appraisal opinions" }, category: "other", retention: "permanent" },
  ],
  fallbackMaterialType: { voucher: "voucher", ledger: "other_ledger", report: "report_periodic", other: "bank_reconciliation" },
};

export const RETENTION_SCHEDULES = { enterprise: ENTERPRISE_SCHEDULE, public_sector: PUBLIC_SECTOR_SCHEDULE } as const;
