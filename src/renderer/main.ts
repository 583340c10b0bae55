/** Renderer entry: finds the bridge the preload (or the test harness) installed and starts the app. */
import type { WorkbenchBridge } from '../shared/api'
import { languageFor, setLanguage, t } from '../shared/i18n'
import { App } from './app/app'
import { connect } from './workbench-client'
// The window's stylesheets, one per view next to its module. This order is the cascade's (after the
// article view's own, which App imports): where two rules of equal specificity meet on one element, the
// later file wins, so a new stylesheet goes at the end and a rule moves between files only with care.
import './app/base.css'
import './app/layout.css'
import './app/room.css'
import './app/library.css'
import './app/virtual-list.css'
import './app/article-controller.css'
import './app/annotation-panel.css'
import './app/annotation-editor.css'
import './app/notices.css'
import './app/dialogs.css'
import './app/welcome.css'
import './app/autocomplete.css'
import './app/entities-view.css'
import './app/entity-proposals-view.css'
import './app/search-view.css'
import './app/compare-view.css'
import './app/claim-legend.css'
import './app/claims-board.css'
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
