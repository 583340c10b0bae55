/**
 * Watches a workspace folder so files added, changed or removed while the app runs reach the library
 * without a restart. Events are batched (a save from an editor or a copy of many files is one burst)
 * and Spanwise's own `.spanwise` folder is ignored.
 */
import { watch, type FSWatcher } from 'chokidar'
import { DATA_DIR } from './workspace'

const QUIET_MS = 300

export function watchWorkspace(root: string, onChange: () => void): { close(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    // Hidden folders (ours among them) and dependency folders hold no articles.
    ignored: (path: string) =>
      path.includes(`/${DATA_DIR}`) || /[/\\](\.[^/\\]+|node_modules)([/\\]|$)/.test(path.slice(root.length)),
    awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
    followSymlinks: false,
  })
  watcher.on('all', () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      onChange()
    }, QUIET_MS)
  })
  watcher.on('error', () => undefined) // an unreadable sub-folder must not stop the watcher
  return {
    async close() {
      if (timer) clearTimeout(timer)
      await watcher.close()
    },
  }
}
