import { createConfig } from './config'
import { getEnv } from './env'

// Assembles the configuration from the environment; the pieces live in ./config and beside it.
export default createConfig(getEnv())
