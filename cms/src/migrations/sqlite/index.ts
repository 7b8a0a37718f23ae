import * as migration_20261125_123310_initial from './20261125_123310_initial'
import * as migration_20261125_151429_trust from './20261125_151429_trust'
import * as migration_20261201_222056_globals_drafts_trash from './20261201_222056_globals_drafts_trash'
import * as migration_20261201_222252_inquiry_emails from './20261201_222252_inquiry_emails'
import * as migration_20261201_222446_redirects from './20261201_222446_redirects'
import * as migration_20261201_222552_audit_schedule_actions from './20261201_222552_audit_schedule_actions'
import * as migration_20261201_232913_merge_reconcile from './20261201_232913_merge_reconcile'
import * as migration_20261206_232338_media_storage from './20261206_232338_media_storage'
import * as migration_20261206_232533_list_indexes from './20261206_232533_list_indexes'
import * as migration_20261206_232559_scheduled_backups from './20261206_232559_scheduled_backups'

export const migrations = [
  {
    up: migration_20261125_123310_initial.up,
    down: migration_20261125_123310_initial.down,
    name: '20261125_123310_initial',
  },
  {
    up: migration_20261125_151429_trust.up,
    down: migration_20261125_151429_trust.down,
    name: '20261125_151429_trust',
  },
  {
    up: migration_20261201_222056_globals_drafts_trash.up,
    down: migration_20261201_222056_globals_drafts_trash.down,
    name: '20261201_222056_globals_drafts_trash',
  },
  {
    up: migration_20261201_222252_inquiry_emails.up,
    down: migration_20261201_222252_inquiry_emails.down,
    name: '20261201_222252_inquiry_emails',
  },
  {
    up: migration_20261201_222446_redirects.up,
    down: migration_20261201_222446_redirects.down,
    name: '20261201_222446_redirects',
  },
  {
    up: migration_20261201_222552_audit_schedule_actions.up,
    down: migration_20261201_222552_audit_schedule_actions.down,
    name: '20261201_222552_audit_schedule_actions',
  },
  {
    up: migration_20261201_232913_merge_reconcile.up,
    down: migration_20261201_232913_merge_reconcile.down,
    name: '20261201_232913_merge_reconcile',
  },
  {
    up: migration_20261206_232338_media_storage.up,
    down: migration_20261206_232338_media_storage.down,
    name: '20261206_232338_media_storage',
  },
  {
    up: migration_20261206_232533_list_indexes.up,
    down: migration_20261206_232533_list_indexes.down,
    name: '20261206_232533_list_indexes',
  },
  {
    up: migration_20261206_232559_scheduled_backups.up,
    down: migration_20261206_232559_scheduled_backups.down,
    name: '20261206_232559_scheduled_backups',
  },
]
