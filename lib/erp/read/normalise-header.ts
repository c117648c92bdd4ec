/**
 * Header cells compare without spaces, case, BOM, a trailing colon/asterisk ("科目代码*", "Amount in LC") or
 * the leading asterisk 云星空's templates put on required fields ("*(分录)科目编码#编码").
 */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/[\s\u3000]+/g, "")
    .replace(/[：:*]+$/, "")
    .replace(/^\*+/, "")
    .toLowerCase();
}
