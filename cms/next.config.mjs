import { withPayload } from '@payloadcms/next/withPayload'

/** Next serves only the admin panel; the API is mounted straight on Express (see src/server). */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: true },
  // The shared contract is TypeScript source (no build step of its own); Next compiles it with the admin.
  transpilePackages: ['@mspn/contract'],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
