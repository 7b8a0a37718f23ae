import * as migration_20261125_123310_initial from './20261125_123310_initial';
import * as migration_20261125_151429_trust from './20261125_151429_trust';
import * as migration_20261201_222446_redirects from './20261201_222446_redirects';

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
    up: migration_20261201_222446_redirects.up,
    down: migration_20261201_222446_redirects.down,
    name: '20261201_222446_redirects'
  },
];
