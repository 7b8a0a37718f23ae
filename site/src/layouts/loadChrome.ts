/** The site's chrome loader, reading from the CMS (server build) or the content store (static export). */
import { content } from '../content/index.ts'
import { createChromeLoader, type ChromeLoader } from './chrome.ts'

export const loadChrome: ChromeLoader = createChromeLoader(() => content.getSiteChrome())
