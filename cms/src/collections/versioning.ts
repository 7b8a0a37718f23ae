import type { CollectionConfig, GlobalConfig } from 'payload'

/** Drafts, autosave, scheduled publishing and a bounded history, shared by all editorial content. */
export const editorialVersions: CollectionConfig['versions'] = {
  drafts: {
    autosave: { interval: 2000 },
    schedulePublish: true,
  },
  maxPerDoc: 50,
}

/**
 * The same for the site's chrome (navigation, footer, settings): drafts with autosave and a
 * bounded history, so an edit reaches visitors only when it is published. No scheduling: the
 * schedule endpoints and jobs are per document.
 */
export const globalVersions: GlobalConfig['versions'] = {
  drafts: { autosave: { interval: 2000 } },
  max: 50,
}
