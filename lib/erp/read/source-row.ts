import type { ErpErrorCode } from "@/lib/erp/codes";

/** One row as the user sees it in Excel: 1-based physical row number and its cell texts. */
export interface SourceRow {
  rowNo: number;
  cells: string[];
}

/** A reader stops at the first unreadable spot and says where. */
export interface ReadFailure {
  rowNo: number;
  failure: ErpErrorCode;
  params: Record<string, string | number>;
}

export type ReadItem = SourceRow | ReadFailure;

export const isReadFailure = (item: ReadItem): item is ReadFailure => "failure" in item;
