import * as migration_20261125_123314_initial from './20261125_123314_initial';
import * as migration_20261125_151441_trust from './20261125_151441_trust';
import * as migration_20261201_222614_redirects from './20261201_222614_redirects';

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
  {
    up: migration_20261201_222614_redirects.up,
    down: migration_20261201_222614_redirects.down,
    name: '20261201_222614_redirects'
  },
];
