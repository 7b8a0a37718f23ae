import * as migration_20261125_123314_initial from './20261125_123314_initial'
import * as migration_20261125_151441_trust from './20261125_151441_trust'

export const migrations = [
  {
    up: migration_20261125_123314_initial.up,
    down: migration_20261125_123314_initial.down,
    name: '20261125_123314_initial',
  },
  {
    up: migration_20261125_151441_trust.up,
    down: migration_20261125_151441_trust.down,
    name: '20261125_151441_trust',
  },
]
