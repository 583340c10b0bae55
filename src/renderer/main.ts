/** Renderer entry: finds the bridge the preload (or the test harness) installed and starts the app. */
import type { WorkbenchBridge } from '../shared/api'
import { App } from './app/app'
import { connect } from './workbench-client'
import './app/app.css'

declare global {
  interface Window {
    workbench: WorkbenchBridge
  }
}

const root = document.getElementById('app')!
if (!window.workbench) {
  root.textContent = 'Spanwise could not reach its main process (no window.workbench).'
} else {
  void new App(root, connect(window.workbench)).start()
}
