import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";

export const K3_HEADER =
  "FDATE,FPERIOD,FGROUP,FNUM,FATTCHMENT,FPREPARE,FCHECKER,FPOSTER,FCASH,FENTRYID,FEXP,FACCTID,FACCTNAME,FCLSNAME1,FOBJID1,FOBJNAME1,FCYID,FEXCHRATE,FFCYAMT,FQTY,FPRICE,FDEBIT,FCREDIT,FSETTLCODE,FSETTLENO";

const SUMMARIES = ["报销差旅费", "支付办公用品款", "报销业务招待费", "支付水电费", "报销交通费", "采购原材料", "支付咨询服务费"];
const EXPENSES = [
  ["6602.03", "管理费用-差旅费", "行政部"],
  ["6602.01", "管理费用-办公费", "财务部"],
  ["6601.02", "销售费用-业务招待费", "销售部"],
  ["6602.05", "管理费用-水电费", "行政部"],
] as const;

const money = (cents: number) => (cents / 100).toFixed(2);

/**
 * A 金蝶 K/3 voucher export of `lines` lines, four per voucher (expense, input VAT, bank, cash),
 * balanced, dated inside their period, numbered per month as the ERP does, spread over the first `months`
 * months of 2024. Deterministic, so the benchmark and the convergence test always see the same file.
 */
export async function writeK3Csv(file: string, lines: number, months = 12): Promise<{ vouchers: number }> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(`${K3_HEADER}\n`);
  let written = 0;
  let voucher = 0;
  let chunk = "";
  while (written < lines) {
    voucher += 1;
    const month = ((voucher - 1) % months) + 1;
    const no = Math.floor((voucher - 1) / months) + 1;
    const day = (voucher % 28) + 1;
    const date = `2024-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const summary = SUMMARIES[voucher % SUMMARIES.length]!;
    const [account, name, department] = EXPENSES[voucher % EXPENSES.length]!;
    const net = ((voucher * 7919) % 5_000_000) + 1000;
    const tax = Math.floor(net * 0.06);
    const cash = 100;
    const head = `${date},${month},记,${no},2,张三,李四,王五,`;
    const rows = [
      `${head},0,${summary},${account},${name},部门,01,${department},RMB,1,${money(net)},0,0,${money(net)},0,,`,
      `${head},1,${summary},2221.01.01,应交税费-应交增值税-进项税额,,,,RMB,1,${money(tax)},0,0,${money(tax)},0,,`,
      `${head},2,${summary},1002.01,银行存款-工商银行,,,,RMB,1,${money(net + tax - cash)},0,0,0,${money(net + tax - cash)},202,ZP${voucher}`,
      `${head},3,${summary},1001,库存现金,,,,RMB,1,${money(cash)},0,0,0,${money(cash)},,`,
    ];
    for (const row of rows) {
      if (written >= lines) break;
      chunk += `${row}\n`;
      written += 1;
    }
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await finished(out);
  return { vouchers: voucher };
}
