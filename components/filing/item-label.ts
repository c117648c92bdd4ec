/** How a record is named in lists: its voucher word and number (记-12), or its title when it is not a voucher. */
export const itemLabel = (r: { voucherWord: string | null; voucherNo: string | null; title: string }) => (r.voucherWord ? `${r.voucherWord}-${r.voucherNo}` : r.title);
