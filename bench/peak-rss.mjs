/** Peak memory of a bench child process (export-child.ts, ocr-child.ts). */
import { readFileSync } from 'node:fs'

/**
 * Peak resident memory of this process. On Linux, VmHWM: the high-water mark of this program's own
 * memory. getrusage's maxRSS is not used there because it survives exec: a child forked from the bench
 * process starts with the bench's resident size (hundreds of MB after the search rows) as its "peak".
 */
export function peakResidentMB() {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm) return Number(hwm[1]) / 1024
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024
}
