import type { DemoInvoice } from "./generate-ledger";

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const UNITS = ["", "拾", "佰", "仟"];
const GROUPS = ["", "万", "亿"];

/** 价税合计（大写）as printed on Chinese invoices: 壹万陆仟圆整, 叁佰零伍圆贰角. */
export function amountInChinese(amount: string): string {
  const [intText = "0", frac = "00"] = amount.split(".");
  const groups: string[] = [];
  for (let end = intText.length; end > 0; end -= 4) groups.unshift(intText.slice(Math.max(0, end - 4), end));
  let out = "";
  let pendingZero = false;
  groups.forEach((group, gi) => {
    const groupIndex = groups.length - 1 - gi;
    let groupText = "";
    for (let i = 0; i < group.length; i++) {
      const d = Number(group[i]);
      const unit = UNITS[group.length - 1 - i]!;
      if (d === 0) pendingZero = out.length + groupText.length > 0;
      else {
        if (pendingZero) groupText += "零";
        groupText += DIGITS[d] + unit;
        pendingZero = false;
      }
    }
    if (groupText) out += groupText + GROUPS[groupIndex];
  });
  if (!out) out = "零";
  out += "圆";
  const jiao = Number(frac[0] ?? "0");
  const fen = Number(frac[1] ?? "0");
  if (jiao === 0 && fen === 0) return out + "整";
  if (jiao > 0) out += DIGITS[jiao] + "角";
  else out += "零";
  if (fen > 0) out += DIGITS[fen] + "分";
  return out;
}

/**
 * A synthetic 数电票 (fully digitalised e-invoice) XML with the element structure of the tax bureau's
 * files (shared/samples/einvoice/shudianpiao-special-vat.xml): header labels, seller and buyer, totals,
 * one item line, the supervision block with the 20-digit number, and a signature block whose value is
 * a placeholder (a demo cannot hold the tax bureau's key).
 */
export function renderEinvoiceXml(invoice: DemoInvoice): string {
  const special = invoice.taxRate === "0.13" || invoice.taxRate === "0.09";
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<EInvoice>
  <Header>
    <EIid>${invoice.number}</EIid>
    <EInvoiceTag>SWEI${invoice.number.slice(0, 6)}</EInvoiceTag>
    <Version>0.31</Version>
    <InherentLabel>
      <InIssuType><LabelCode>Y</LabelCode><LabelName>是否蓝字发票标志</LabelName></InIssuType>
      <EInvoiceType><LabelCode>01</LabelCode><LabelName>电子发票</LabelName></EInvoiceType>
      <GeneralOrSpecialVAT><LabelCode>${special ? "01" : "02"}</LabelCode><LabelName>${special ? "增值税专用发票" : "普通发票"}</LabelName></GeneralOrSpecialVAT>
      <TaxpayerType><LabelCode>1</LabelCode><LabelName>一般纳税人</LabelName></TaxpayerType>
    </InherentLabel>
  </Header>
  <EInvoiceData>
    <SellerInformation>
      <SellerIdNum>${invoice.sellerTaxId}</SellerIdNum>
      <SellerName>${escape(invoice.sellerName)}</SellerName>
    </SellerInformation>
    <BuyerInformation>
      <BuyerIdNum>${invoice.buyerTaxId}</BuyerIdNum>
      <BuyerName>${escape(invoice.buyerName)}</BuyerName>
    </BuyerInformation>
    <BasicInformation>
      <TotalAmWithoutTax>${invoice.amount}</TotalAmWithoutTax>
      <TotalTaxAm>${invoice.tax}</TotalTaxAm>
      <TotalTax-includedAmount>${invoice.total}</TotalTax-includedAmount>
      <TotalTax-includedAmountInChinese>${amountInChinese(invoice.total)}</TotalTax-includedAmountInChinese>
      <Drawer>${escape(invoice.drawer)}</Drawer>
      <RequestTime>${invoice.issueDate} 10:00:00</RequestTime>
    </BasicInformation>
    <IssuItemInformation>
      <ItemName>${escape(invoice.itemName)}</ItemName>
      <MeaUnits>${escape(invoice.unit)}</MeaUnits>
      <Quantity>1</Quantity>
      <UnPrice>${invoice.amount}</UnPrice>
      <Amount>${invoice.amount}</Amount>
      <TaxRate>${invoice.taxRate}</TaxRate>
      <ComTaxAm>${invoice.tax}</ComTaxAm>
      <TotaltaxIncludedAmount>${invoice.total}</TotaltaxIncludedAmount>
      <TaxClassificationCode>3040000000000000000</TaxClassificationCode>
    </IssuItemInformation>
    <SpecificInformation/>
    <AdditionalInformation/>
  </EInvoiceData>
  <SellerAuthentication>
    <AuthenticationMethods>01</AuthenticationMethods>
  </SellerAuthentication>
  <TaxSupervisionInfo>
    <InvoiceNumber>${invoice.number}</InvoiceNumber>
    <IssueTime>${invoice.issueDate}</IssueTime>
    <TaxBureauCode>1${invoice.number.slice(2, 4)}00000000</TaxBureauCode>
    <TaxBureauName>国家税务总局${invoice.number.slice(2, 4) === "31" ? "上海市" : "广东省"}税务局</TaxBureauName>
  </TaxSupervisionInfo>
  <TaxBureauSignature>
    <Reference URI="/Einvoice/Header|/Einvoice/EinvoiceData|/Einvoice/SellerAuthentication|/Einvoice/TaxSupervisionInfo|/Einvoice/TaxBureauSignature/SignatureTime"/>
    <SignatureAlgorithm>1.2.156.10197.1.501</SignatureAlgorithm>
    <SignatureFormat>DETACH</SignatureFormat>
    <SignatureTime>${invoice.issueDate} 10:00:05</SignatureTime>
    <SignatureValue>DEMO-NOT-SIGNED</SignatureValue>
    <KeyInfo/>
  </TaxBureauSignature>
</EInvoice>
`;
}
