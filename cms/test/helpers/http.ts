/** Small fetch helpers for HTTP tests. */
import http from 'node:http'

export interface JsonResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

export async function request<T = any>(
  url: string,
  init: RequestInit & { json?: unknown; auth?: string } = {},
): Promise<JsonResponse<T>> {
  const headers = new Headers(init.headers)
  if (init.json !== undefined) headers.set('content-type', 'application/json')
  if (init.auth) headers.set('authorization', init.auth)
  const response = await fetch(url, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers }
}

export async function graphql<T = any>(api: string, query: string, auth?: string, variables?: Record<string, unknown>) {
  return request<{ data?: T; errors?: { message: string; extensions?: { statusCode?: number } }[] }>(`${api}/graphql`, {
    method: 'POST',
    json: { query, variables },
    auth,
  })
}

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** GET over node:http without any decoding (fetch undoes Content-Encoding): the bytes as sent. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}
