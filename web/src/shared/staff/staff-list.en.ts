// English: the staff console's list conventions and its frame's breadcrumb (see staff-list.zh-CN.ts).
import type { Widen } from "../i18n/messages";
import type { staffListZh } from "./staff-list.zh-CN";

export const staffListEn: Widen<typeof staffListZh> = {
  keyword: "Keyword",
  keywordPlaceholder: "Search title, address or number",
  search: "Search",
  dateFrom: "From",
  dateTo: "To",
  dateRange: "Date range",
  reset: "Reset",
  columns: "Columns",
  columnsTitle: "Columns shown",
  columnsReset: "Reset to default",
  export: "Export Excel",
  exported: "Exported {{count}} rows",
  exportTruncated: "Export limit reached: only {{count}} rows; narrow the filters",
  downloaded: "Download started",
  prevPage: "Previous",
  nextPage: "Next",
  pageNo: "Page {{page}}",
  pageSize: "Rows per page",
  perPage: "{{size}} / page",
  selected: "{{count}} selected",
  clearSelection: "Clear selection",
  selectRow: "Select this row",
  selectAll: "Select this page",
  filters: "Filters",
  home: "Console",
  breadcrumb: "You are here",
  chooseOne: "Choose at least one",
  all: "All",
};
