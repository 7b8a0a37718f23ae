/**
 * Which build this is: the server (default, pages rendered per request) or the static export
 * (`npm run build:static`, every page written as a file). astro.config.mjs sets the flag at
 * build time from SITE_BUILD=static, so the branch not taken is left out of the bundle.
 */
export const STATIC_EXPORT: boolean = import.meta.env.SITE_STATIC_EXPORT === true
