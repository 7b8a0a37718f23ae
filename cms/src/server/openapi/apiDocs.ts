/** `/api/v1/openapi.json` for everyone, and a small reference page in development only. */
import { Router } from 'express'
import type { SanitizedConfig } from 'payload'

import { buildOpenApiDocument } from './openapi'

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function apiDocs(config: SanitizedConfig, options: { serverUrl: string; referencePage: boolean }): Router {
  const router = Router()
  const api = config.routes.api
  let json: string | undefined
  const document = () => (json ??= JSON.stringify(buildOpenApiDocument(config, { serverUrl: options.serverUrl })))

  router.get(`${api}/openapi.json`, (_req, res) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.setHeader('Cache-Control', 'public, max-age=300')
    res.end(document())
  })

  if (options.referencePage) {
    router.get(`${api}/docs`, (_req, res) => {
      const doc = JSON.parse(document()) as { paths: Record<string, Record<string, { summary?: string }>> }
      const rows = Object.entries(doc.paths)
        .flatMap(([path, operations]) =>
          Object.entries(operations).map(
            ([method, operation]) =>
              `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(api + path)}</code></td><td>${escapeHtml(operation.summary ?? '')}</td></tr>`,
          ),
        )
        .join('\n')
      res.setHeader('Content-Type', 'text/html; charset=utf-8')
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MSPN DEV API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}td{padding:.2rem .6rem;border-bottom:1px solid #ddd}</style></head>
<body><h1>MSPN DEV API reference</h1><p>Machine-readable: <a href="${api}/openapi.json">${api}/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th></tr></thead><tbody>${rows}</tbody></table></body></html>`)
    })
  }
  return router
}
