// Chinese (the first language): the texts of the imports feature.
// Every key must also be in imports.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const importsZh = {
  imports: {
    title: "导入导出",
    importTitle: "导入居民信息",
    importHelp: "支持 .xlsx 和 .csv 文件，第一行为表头。",
    templateTitle: "先下载模板，照着填",
    templateHelp:
      "模板的表头就是导入时读取的列，第二行是一行示例（请改成真实数据或删掉）。必填：小区、楼栋、房号、姓名；身份证号、手机号按文本填写。",
    templateDownload: "下载模板（含示例行）",
    historyTitle: "导入记录",
    historyKeyword: "文件名",
    startedAt: "导入时间",
    file: "文件",
    statusColumn: "状态",
    dropText: "点击或将文件拖到这里上传",
    dropHint: "单个文件不超过 30MB",
    fileTypeError: "只支持 .xlsx 或 .csv 文件",
    mode: "导入方式",
    allOrNothing: "全部有效才导入",
    allOrNothingHelp: "只要有一行有错误，整个文件都不导入",
    validRows: "只导入有效行",
    validRowsHelp: "导入正确的行，跳过有错误的行",
    start: "开始导入",
    chooseFile: "请先选择文件",
    progress: "导入进度",
    processed: "已处理",
    imported: "已导入",
    errorCount: "错误",
    rowsOf: "{{processed}} / {{total}} 行",
    rowCount: "{{count}} 行",
    errorsOf: "{{count}} 处",
    jobStatus: {
      queued: "排队中",
      running: "导入中",
      succeeded: "导入完成",
      failed: "导入失败",
      rejected: "未导入（文件有错误）",
    },
    errorsTitle: "错误明细",
    row: "行号",
    column: "列",
    message: "问题",
    exportTitle: "导出居民信息",
    exportHelp: "导出本社区居民名册（手机号和身份证号脱敏），导出操作将记录在审计日志中。",
    exportXlsx: "导出 Excel (.xlsx)",
    exportCsv: "导出 CSV",
    again: "再导入一个文件",
  },
} as const;

export type ImportsMessages = Widen<typeof importsZh>;
