/**
 * What the services need from their surroundings. Electron provides it with native dialogs and IPC
 * (src/main/index.ts); the test harness and the CLI provide their own. Keeping this an interface is
 * what lets every service run under plain Node.
 */
import type { WorkbenchEvent } from '../shared/api'
import type { SecretStore } from './sync/workspace-sync'

export interface Host {
  /** Ask the user for a workspace folder; null when they cancel. */
  chooseFolder(): Promise<string | null>
  /** Ask the user for article files to import; empty when they cancel. */
  chooseFiles(): Promise<string[]>
  /** Ask the user where to save an export (`extension` empty for a folder); null when they cancel. */
  chooseSavePath(defaultName: string, extension: string): Promise<string | null>
  /** Push an event to the renderer. */
  emit(event: WorkbenchEvent): void
  /** The sample workspace shipped with the app (read-only source, copied before use). */
  sampleWorkspaceSource: string
  /** Prints a self-contained HTML document (the report) to PDF; absent where nothing can print. */
  printToPdf?(html: string): Promise<Uint8Array>
  /** A folder of the user's own where Spanwise may keep settings and the sample copy. */
  userDataDir: string
  /** Where sync passwords are kept (Electron: encrypted by the OS keychain); absent: never kept. */
  secrets?: SecretStore
}
