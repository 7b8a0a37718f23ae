/** The preview query over a real socket: the token travels in a header, the page's own fields and depth are asked for. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CmsHttpError } from '../src/cms/errors.ts'
import { createCms, type Cms } from '../src/cms/queries.ts'
import { previewRefusal } from '../src/server/previewPolicy.ts'
import { fixture } from './helpers/fixtures.ts'
import { recordingLogger } from './helpers/recorders.ts'
import { envelope, sendJson, startServer, type TestServer } from './helpers/server.ts'

let server: TestServer
let cms: Cms

beforeAll(async () => {
  server = await startServer((request, response) => {
    const token = request.headers['x-preview-token']
    if (token === 'expired')
      return sendJson(response, 401, envelope('PREVIEW_TOKEN_EXPIRED', 'This preview link has expired.'))
    if (token === 'gone') return sendJson(response, 404, envelope('NOT_FOUND', 'That document no longer exists.'))
    const global = /^\/api\/v1\/preview\/globals\/([a-z-]+)\?/.exec(request.url ?? '')?.[1]
    if (global) return sendJson(response, 200, { doc: fixture(`global-${global}`) })
    const post = (fixture('post') as { docs: unknown[] }).docs[0]
    return sendJson(response, 200, { doc: post })
  })
  cms = createCms({ baseUrl: server.origin, retries: 0, logger: recordingLogger() })
})
afterAll(() => server.close())

describe('getPreviewDraft', () => {
  it('sends the token in X-Preview-Token (never in the URL) with the same fields and depth as the public post', async () => {
    const draft = await cms.getPreviewDraft('posts', 'v1.posts.1.1.9999999999.sig')
    expect(draft.collection).toBe('posts')
    expect(draft.doc.title).toEqual(expect.any(String))
    const sent = server.requests.at(-1)!
    expect(sent.headers['x-preview-token']).toBe('v1.posts.1.1.9999999999.sig')
    expect(sent.url).not.toContain('v1.posts')
    const query = new URLSearchParams(sent.url.split('?')[1])
    expect(sent.url.startsWith('/api/v1/preview?')).toBe(true)
    expect(query.get('depth')).toBe('1')
    expect(query.get('select[content]')).toBe('true')
    expect(query.get('populate[categories][slug]')).toBe('true')
  })

  it('surfaces refusals as CmsHttpError with the CMS’s code', async () => {
    await expect(cms.getPreviewDraft('posts', 'expired')).rejects.toMatchObject({
      status: 401,
      code: 'PREVIEW_TOKEN_EXPIRED',
    })
    const gone = await cms.getPreviewDraft('pages', 'gone').catch((error: unknown) => error)
    expect(gone).toBeInstanceOf(CmsHttpError)
    expect((gone as CmsHttpError).status).toBe(404)
  })
})

describe('getPreviewChrome', () => {
  it('reads the three draft globals with the token in a header and the public chrome’s selection', async () => {
    const before = server.requests.length
    const chrome = await cms.getPreviewChrome('v1.globals.navigation.1.9999999999.sig')
    expect(chrome.settings.siteName).toEqual(expect.any(String))
    expect(Array.isArray(chrome.navigation.items)).toBe(true)
    expect(Array.isArray(chrome.footer.columns)).toBe(true)
    const sent = server.requests.slice(before)
    expect(sent.map((request) => request.url.split('?')[0]).sort()).toEqual([
      '/api/v1/preview/globals/footer',
      '/api/v1/preview/globals/navigation',
      '/api/v1/preview/globals/site-settings',
    ])
    for (const request of sent) {
      expect(request.headers['x-preview-token']).toBe('v1.globals.navigation.1.9999999999.sig')
      expect(request.url).not.toContain('v1.globals')
      expect(new URLSearchParams(request.url.split('?')[1]).get('depth')).toBe('1')
    }
    const navigation = sent.find((request) => request.url.includes('/navigation'))!
    expect(new URLSearchParams(navigation.url.split('?')[1]).get('select[items]')).toBe('true')
  })

  it('surfaces a refused token as CmsHttpError', async () => {
    await expect(cms.getPreviewChrome('expired')).rejects.toMatchObject({ status: 401, code: 'PREVIEW_TOKEN_EXPIRED' })
  })
})

describe('previewRefusal', () => {
  it('says why, with the matching status', () => {
    expect(previewRefusal('EXPIRED')).toMatchObject({ status: 401, heading: expect.stringMatching(/expired/) })
    expect(previewRefusal('BAD_SIGNATURE')).toMatchObject({ status: 401, heading: expect.stringMatching(/not valid/) })
    expect(previewRefusal('MISSING').status).toBe(401)
    expect(previewRefusal('FORBIDDEN').status).toBe(403)
    expect(previewRefusal('NOT_FOUND').status).toBe(404)
    expect(previewRefusal('DISABLED').status).toBe(503)
  })
})
