/**
 * The CMS origin as the visitor's browser should call it (demos that query the public API):
 * CMS_PUBLIC_URL when set, else CMS_URL (see `cmsPublicUrl` in src/env.ts).
 */
import { cmsPublicUrl } from '../env.ts'

export const CMS_PUBLIC_URL: string = cmsPublicUrl()
