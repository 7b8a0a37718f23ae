import type { Access } from 'payload'

/** Closed to everyone, admins included; only trusted server code (Local API with overrideAccess) writes. */
export const nobody: Access = () => false
