import { withPayload } from '@payloadcms/next/withPayload'

/** Next serves only the admin panel; the API is mounted straight on Express (see src/server). */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: true },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
