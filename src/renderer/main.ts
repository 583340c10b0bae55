/** Renderer entry: finds the bridge the preload (or the test harness) installed and starts the app. */
import type { WorkbenchBridge } from '../shared/api'
import { languageFor, setLanguage, t } from '../shared/i18n'
import { App } from './app/app'
import { connect } from './workbench-client'
import './app/app.css'
import './app/sync.css'

declare global {
  interface Window {
    workbench: WorkbenchBridge
  }
}

const root = document.getElementById('app')!
if (!window.workbench) {
  setLanguage(languageFor('system', navigator.languages))
  root.textContent = t('notice.noBridge')
} else {
  void new App(root, connect(window.workbench)).start()
}
