/**
 * The report's export ids, apart from the data formats (formats.ts): the memo is one document made
 * from the whole selection, not a stream of articles. Without imports, so the renderer can offer them.
 */
export const REPORT_FORMAT_IDS = ['report', 'report-pdf'] as const
export type ReportFormatId = (typeof REPORT_FORMAT_IDS)[number]

export const isReportFormat = (format: string): format is ReportFormatId =>
  (REPORT_FORMAT_IDS as readonly string[]).includes(format)

/** The file name a report of `base` gets. */
export const reportFileName = (base: string, format: ReportFormatId): string =>
  `${base}.report.${format === 'report' ? 'html' : 'pdf'}`
