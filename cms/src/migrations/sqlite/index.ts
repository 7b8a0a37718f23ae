import * as migration_20261125_123310_initial from './20261125_123310_initial';

export const migrations = [
  {
    up: migration_20261125_123310_initial.up,
    down: migration_20261125_123310_initial.down,
    name: '20261125_123310_initial'
  },
];
