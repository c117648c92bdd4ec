/**
 * The demo's chart of accounts: the first-level codes of 企业会计准则—应用指南 (财会〔2006〕18号) with the
 * second and third levels a Chinese company commonly adds (应交增值税 进项/销项, 管理费用 by nature).
 */
export const ACCOUNTS = {
  cash: { code: "1001", name: "库存现金" },
  bank: { code: "1002.01", name: "银行存款-工商银行" },
  bankFx: { code: "1002.02", name: "银行存款-招商银行" },
  receivable: { code: "1122", name: "应收账款" },
  otherReceivable: { code: "1221", name: "其他应收款" },
  materials: { code: "1403", name: "原材料" },
  goods: { code: "1405", name: "库存商品" },
  fixedAssets: { code: "1601", name: "固定资产" },
  depreciation: { code: "1602", name: "累计折旧" },
  payable: { code: "2202", name: "应付账款" },
  payroll: { code: "2211", name: "应付职工薪酬" },
  vatInput: { code: "2221.01.01", name: "应交税费-应交增值税-进项税额" },
  vatOutput: { code: "2221.01.02", name: "应交税费-应交增值税-销项税额" },
  vatTransfer: { code: "2221.01.03", name: "应交税费-应交增值税-转出未交增值税" },
  vatUnpaid: { code: "2221.02", name: "应交税费-未交增值税" },
  revenue: { code: "6001", name: "主营业务收入" },
  costOfSales: { code: "6401", name: "主营业务成本" },
  sellingAds: { code: "6601.01", name: "销售费用-广告宣传费" },
  sellingSalary: { code: "6601.02", name: "销售费用-职工薪酬" },
  adminOffice: { code: "6602.01", name: "管理费用-办公费" },
  adminEntertainment: { code: "6602.02", name: "管理费用-业务招待费" },
  adminTravel: { code: "6602.03", name: "管理费用-差旅费" },
  adminSalary: { code: "6602.04", name: "管理费用-职工薪酬" },
  adminDepreciation: { code: "6602.05", name: "管理费用-折旧费" },
  finance: { code: "6603", name: "财务费用" },
} as const;

export type AccountKey = keyof typeof ACCOUNTS;
