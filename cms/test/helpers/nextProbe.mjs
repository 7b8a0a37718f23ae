// Preloaded with `node --import` (NODE_OPTIONS): prints `NEXT_LOADED <url>` on stderr the first time the
// process resolves a module of the `next` package, so a test or benchmark can tell whether Next.js was
// imported (SERVER_ROLE=api must not load it). One exception: @payloadcms/next/routes (Payload's GraphQL
// handlers, server/payloadApi.ts) imports `next/og`, a 70-line ImageResponse class that loads @vercel/og
// only when an image is rendered; it brings in nothing else of Next.js.
import { registerHooks } from 'node:module'
import process from 'node:process'

const OG_STUB = /\/node_modules\/next\/(og\.js|dist\/server\/og\/image-response\.js)$/
let reported = false
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context)
    if (!reported && /\/node_modules\/next\//.test(result.url) && !OG_STUB.test(result.url)) {
      reported = true
      process.stderr.write(`NEXT_LOADED ${result.url}\n`)
    }
    return result
  },
})
