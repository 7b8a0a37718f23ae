import type { CollectionConfig } from 'payload'

/** Drafts, autosave, scheduled publishing and a bounded history, shared by all editorial content. */
export const editorialVersions: CollectionConfig['versions'] = {
  drafts: {
    autosave: { interval: 2000 },
    schedulePublish: true,
  },
  maxPerDoc: 50,
}
