/** Set by astro.config.mjs (vite `define`): true in the static export build. */
interface ImportMetaEnv {
  readonly SITE_STATIC_EXPORT?: boolean
}
