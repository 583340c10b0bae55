/** Types of peak-rss.mjs (plain JavaScript, so that the OCR bench child runs without tsx). */
export declare function peakResidentMB(): number
