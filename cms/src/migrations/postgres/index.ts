import * as migration_20261125_123314_initial from './20261125_123314_initial';

export const migrations = [
  {
    up: migration_20261125_123314_initial.up,
    down: migration_20261125_123314_initial.down,
    name: '20261125_123314_initial'
  },
];
