/**
 * Uploads an author sends over HTTP (multipart POST /api/v1/media): the type comes from the bytes,
 * SVG and anything else is refused, decompression bombs and oversized files are refused with 4xx,
 * hostile filenames are neutralised, and no failed upload leaves a record or a file behind.
 * Images are generated with sharp; bombs are tiny hand-built byte buffers.
 */
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { removeUnreferencedFiles } from '../../../src/collections/Media/hooks/removeOrphanFiles'
import { hasControlCharacter } from '../../../src/fields/plainText'
import { createUser, login, startTestCms, type TestCms } from '../../helpers/cms'
import { request, type JsonResponse } from '../../helpers/http'
import { animatedGif, images, jpegDeclaring, pngDeclaring, solid } from '../../helpers/images'

const MAX_BYTES = 300_000
const MAX_PIXELS = 1_000_000

let cms: TestCms
let author: string

beforeAll(async () => {
  cms = await startTestCms({ env: { MEDIA_MAX_BYTES: String(MAX_BYTES), MEDIA_MAX_PIXELS: String(MAX_PIXELS) } })
  const { email, password } = await createUser(cms, 'author', 'Uploading Author')
  author = await login(cms, email, password)
})

afterAll(async () => {
  await cms?.stop()
})

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface Part {
  bytes: Uint8Array
  /** Sent as-is (UTF-8) in the Content-Disposition header, so hostile names arrive byte for byte. */
  filename: string
  type: string
}

/** A multipart body built by hand, so filenames and types are exactly what an attacker would send. */
function multipart(file: Part | undefined, fields: Record<string, unknown>): { body: Buffer; contentType: string } {
  const boundary = `----mspn${Math.random().toString(16).slice(2)}`
  const chunks: Buffer[] = []
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n${JSON.stringify(fields)}\r\n`,
    ),
  )
  if (file) {
    // Control characters cannot appear raw in a part header: they travel RFC 5987-encoded (filename*).
    const name = hasControlCharacter(file.filename)
      ? `filename*=UTF-8''${encodeURIComponent(file.filename)}`
      : `filename="${file.filename.replace(/"/g, '%22')}"`
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${name}\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    )
    chunks.push(Buffer.from(file.bytes))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

function upload(
  file: Part | undefined,
  fields: Record<string, unknown> = { alt: 'A test image' },
  options: { method?: string; url?: string; auth?: string } = {},
) {
  const { body, contentType } = multipart(file, fields)
  return request(options.url ?? `${cms.api}/media`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(body),
    auth: options.auth ?? author,
  })
}

/** Every file under the media directory (recursively), and the number of media documents. */
async function state() {
  const files = fs.existsSync(cms.env.mediaDir)
    ? (fs.readdirSync(cms.env.mediaDir, { recursive: true }) as string[]).sort()
    : []
  const { totalDocs } = await cms.payload.count({ collection: 'media', overrideAccess: true })
  return { files, documents: totalDocs }
}

function expectFileError(response: JsonResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status)
  expect(response.body.errors).toEqual([expect.objectContaining({ field: 'file', code, message: expect.any(String) })])
  expect(response.body.requestId).toBe(response.headers.get('x-request-id'))
  expect(JSON.stringify(response.body)).not.toMatch(/stack|node_modules|at \w+ \(/)
}

// ---------------------------------------------------------------------------------------------
// Type decided by content
// ---------------------------------------------------------------------------------------------

describe('type decided by content', () => {
  const expected = {
    png: ['image/png', 'png'],
    jpeg: ['image/jpeg', 'jpg'],
    webp: ['image/webp', 'webp'],
    avif: ['image/avif', 'avif'],
    gif: ['image/gif', 'gif'],
  }

  for (const [kind, [mime, ext]] of Object.entries(expected)) {
    it(`stores a ${kind} sent with a lying name and type as ${mime} with .${ext}`, async () => {
      const bytes = await images[kind as keyof typeof images]()
      const response = await upload({ bytes, filename: `holiday-${kind}.html`, type: 'text/html' })
      expect(response.status, JSON.stringify(response.body)).toBe(201)
      const doc = response.body.doc
      expect(doc.mimeType).toBe(mime)
      expect(doc.filename).toBe(`holiday-${kind}.${ext}`)
      expect(fs.existsSync(path.join(cms.env.mediaDir, doc.filename))).toBe(true)
      // Served with the detected type, never sniffed, never able to run anything.
      const served = await fetch(`${cms.url}${new URL(doc.url, cms.url).pathname}`)
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe(mime)
      expect(served.headers.get('x-content-type-options')).toBe('nosniff')
      expect(served.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/)
      expect(served.headers.get('content-disposition')).toBeNull()
      expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(0)
    })
  }

  it('generates every image size for an accepted upload, each inside the media directory', async () => {
    const bytes = await solid(900, 600).png().toBuffer()
    const response = await upload({ bytes, filename: 'wide.png', type: 'image/png' })
    expect(response.status).toBe(201)
    const sizes = response.body.doc.sizes as Record<string, { filename: string | null; mimeType: string | null }>
    expect(sizes.thumbnail.mimeType).toBe('image/webp')
    expect(sizes.cardAvif.mimeType).toBe('image/avif')
    for (const size of Object.values(sizes)) {
      if (size.filename) expect(fs.existsSync(path.join(cms.env.mediaDir, size.filename))).toBe(true)
    }
  })

  it('serves a PNG/HTML polyglot only as an inert PNG', async () => {
    const polyglot = Buffer.concat([
      await images.png(),
      Buffer.from('<html><script>alert(document.cookie)</script></html>'),
    ])
    const response = await upload({ bytes: polyglot, filename: 'page.html', type: 'text/html' })
    expect(response.status).toBe(201)
    expect(response.body.doc.filename).toBe('page.png')
    const served = await fetch(`${cms.url}${new URL(response.body.doc.url, cms.url).pathname}`)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
    expect(served.headers.get('content-security-policy')).not.toContain('script-src')
  })

  it('refuses a truncated image (valid header, data cut short) with 400 and stores nothing', async () => {
    const whole = await solid(900, 600).jpeg().toBuffer()
    const before = await state()
    const response = await upload({
      bytes: whole.subarray(0, Math.floor(whole.length / 3)),
      filename: 'cut.jpg',
      type: 'image/jpeg',
    })
    expect(response.status, JSON.stringify(response.body)).toBe(400)
    expect(await state()).toEqual(before)
  })

  const hostile: Record<string, () => Buffer | Promise<Buffer>> = {
    'HTML named .png': () =>
      Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
    'plain text': () => Buffer.from('just some text, no image here\n'.repeat(20)),
    'a PDF': () => Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'),
    'a ZIP archive': () => Buffer.from('504b03041400000008000000000000000000000000000000000005000000612e706e67', 'hex'),
    'an executable': () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]),
    'an empty file': () => Buffer.alloc(0),
    'a PNG signature followed by garbage': () =>
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.from('<script>alert(1)</script>'),
      ]),
    'a TIFF (an image, but not on the list)': () => solid(16, 16).tiff().toBuffer(),
  }

  for (const [label, make] of Object.entries(hostile)) {
    it(`refuses ${label} claiming to be a PNG with 415 and stores nothing`, async () => {
      const before = await state()
      const response = await upload({ bytes: await make(), filename: 'innocent.png', type: 'image/png' })
      expectFileError(response, 415, 'UNSUPPORTED_MEDIA_TYPE')
      expect(await state()).toEqual(before)
    })
  }
})

// ---------------------------------------------------------------------------------------------
// SVG: refused outright, whatever it contains and however it is labelled
// ---------------------------------------------------------------------------------------------

describe('SVG', () => {
  const corpus: Record<string, string> = {
    'a harmless drawing':
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>',
    'a script element': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
    'an onload handler': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>',
    'xlink:href javascript:':
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><text y="10">x</text></a></svg>',
    'an external <use>':
      '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/sprite.svg#x"/></svg>',
    'foreignObject HTML':
      '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject></svg>',
    'style with @import and url()':
      '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css); rect{fill:url(https://evil.example/p)}</style><rect/></svg>',
    'an XXE entity':
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>',
    'a billion-laughs DOCTYPE':
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
    'a byte-order mark and XML declaration':
      '\ufeff<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  }

  for (const [label, svg] of Object.entries(corpus)) {
    for (const [filename, type] of [
      ['drawing.svg', 'image/svg+xml'],
      ['drawing.png', 'image/png'],
    ]) {
      it(`refuses ${label} sent as ${filename} (${type}) with 415 and stores nothing`, async () => {
        const before = await state()
        const response = await upload({ bytes: Buffer.from(svg, 'utf8'), filename, type })
        expectFileError(response, 415, 'UNSUPPORTED_MEDIA_TYPE')
        expect(await state()).toEqual(before)
      })
    }
  }

  it('refuses a gzipped SVG (.svgz)', async () => {
    const before = await state()
    const response = await upload({
      bytes: gzipSync(corpus['a script element']),
      filename: 'drawing.svgz',
      type: 'image/svg+xml',
    })
    expectFileError(response, 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect(await state()).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------
// Decompression bombs and pixel limits
// ---------------------------------------------------------------------------------------------

describe('decompression bombs', () => {
  it('refuses a 65-byte PNG declaring 50,000 × 50,000 pixels with 413, and the server stays up', async () => {
    const bomb = pngDeclaring(50_000, 50_000)
    expect(bomb.length).toBeLessThan(100)
    const before = await state()
    const response = await upload({ bytes: bomb, filename: 'bomb.png', type: 'image/png' })
    expectFileError(response, 413, 'IMAGE_TOO_LARGE')
    expect(response.body.errors[0].message).toContain('50000 × 50000')
    expect(await state()).toEqual(before)
    expect((await fetch(`${cms.url}/health`)).status).toBe(200)
  })

  it('refuses a JPEG whose frame header declares 60,000 × 60,000 pixels with 413', async () => {
    const before = await state()
    const response = await upload({
      bytes: await jpegDeclaring(60_000, 60_000),
      filename: 'bomb.jpg',
      type: 'image/jpeg',
    })
    expectFileError(response, 413, 'IMAGE_TOO_LARGE')
    expect(await state()).toEqual(before)
  })

  it('refuses a real image above the configured pixel limit (MEDIA_MAX_PIXELS)', async () => {
    const bytes = await solid(1200, 1000).png().toBuffer()
    expect(bytes.length).toBeLessThan(MAX_BYTES)
    const before = await state()
    const response = await upload({ bytes, filename: 'big.png', type: 'image/png' })
    expectFileError(response, 413, 'IMAGE_TOO_LARGE')
    expect(await state()).toEqual(before)
  })

  it('counts every frame of an animation: small frames, too many of them', async () => {
    const frames = 30
    const animated = await animatedGif(200, 200, frames)
    const meta = await sharp(animated, { animated: true }).metadata()
    expect(meta.pages).toBe(frames)
    const before = await state()
    const response = await upload({ bytes: animated, filename: 'frames.gif', type: 'image/gif' })
    expectFileError(response, 413, 'IMAGE_TOO_LARGE')
    expect(response.body.errors[0].message).toContain(`${frames} frames`)
    expect(await state()).toEqual(before)
  })

  it('gives Payload a sharp that refuses the same images, on every code path that opens one', async () => {
    const limited = cms.payload.config.sharp!
    await expect(limited(pngDeclaring(50_000, 50_000)).metadata()).rejects.toThrow(/pixel limit/)
    await expect(
      limited(await solid(1200, 1000).png().toBuffer())
        .resize(10)
        .toBuffer(),
    ).rejects.toThrow(/pixel limit/)
    // Payload's own option objects cannot lift the limit.
    await expect(limited(pngDeclaring(50_000, 50_000), { limitInputPixels: false }).metadata()).rejects.toThrow(
      /pixel limit/,
    )
    await expect(limited(await solid(100, 100).png().toBuffer()).metadata()).resolves.toMatchObject({ width: 100 })
  })
})

// ---------------------------------------------------------------------------------------------
// Filenames
// ---------------------------------------------------------------------------------------------

describe('filenames', () => {
  const names: [string, string | RegExp][] = [
    ['../../etc/passwd.png', 'passwd.png'],
    ['..\\..\\windows\\system32\\evil.png', 'evil.png'],
    ['/etc/cron.d/job.png', 'job.png'],
    ['nul\u0000byte.png', 'nul-byte.png'],
    ['control\u0001\u001b[31mchars\u007f.png', 'control-31mchars.png'],
    ['invoice\u202Egnp.exe', 'invoice-gnp.png'],
    [`${'a'.repeat(400)}.png`, `${'a'.repeat(80)}.png`],
    ['CON.png', 'con-image.png'],
    ['lpt1.png', 'lpt1-image.png'],
    ['.htaccess', 'htaccess.png'],
    ['....png', 'image.png'],
    ['写真.png', 'image.png'],
    ['Résumé Photo (1).JPG', 'resume-photo-1.png'],
  ]

  for (const [sent, stored] of names) {
    it(`stores ${JSON.stringify(sent).slice(0, 60)} as a safe name inside the media directory`, async () => {
      const bytes = await images.png()
      const response = await upload({ bytes, filename: sent, type: 'image/png' })
      expect(response.status, JSON.stringify(response.body)).toBe(201)
      const filename = response.body.doc.filename as string
      expect(filename).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.png$/)
      // Payload numbers repeats (-1, -2 …) when a name is taken.
      const base = typeof stored === 'string' ? stored.replace(/\.png$/, '') : ''
      expect(filename === stored || new RegExp(`^${base}-\\d+\\.png$`).test(filename)).toBe(true)
      expect(fs.statSync(path.join(cms.env.mediaDir, filename)).isFile()).toBe(true)
      const served = await fetch(`${cms.url}${new URL(response.body.doc.url, cms.url).pathname}`)
      expect(served.status).toBe(200)
    })
  }

  it('answers a part header with raw control characters (malformed multipart) with 400, not 500', async () => {
    const before = await state()
    const boundary = '----mspnmalformed'
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"alt":"x"}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="nul\u0000byte.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      await images.png(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const response = await request(`${cms.api}/media`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: new Uint8Array(body),
      auth: author,
    })
    expect(response.status).toBe(400)
    expect(response.body.errors[0]).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/multipart/i) })
    expect(await state()).toEqual(before)
  })

  it('never writes outside the media directory', async () => {
    expect(fs.existsSync(path.resolve(cms.env.mediaDir, '../../etc/passwd.png'))).toBe(false)
    expect(fs.existsSync(path.resolve(cms.env.mediaDir, '..', 'passwd.png'))).toBe(false)
    expect(fs.existsSync('/etc/cron.d/job.png')).toBe(false)
    // Flat: no sub-directories were created.
    for (const entry of fs.readdirSync(cms.env.mediaDir, { withFileTypes: true })) expect(entry.isFile()).toBe(true)
  })

  it('refuses a filename or sizes sent in the document data', async () => {
    const before = await state()
    const response = await upload(
      { bytes: await images.png(), filename: 'ok.png', type: 'image/png' },
      { alt: 'x', filename: '../../escape.png' },
    )
    expect(response.status).toBe(400)
    expect(await state()).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------
// Size limit
// ---------------------------------------------------------------------------------------------

describe('size limit (MEDIA_MAX_BYTES)', () => {
  /** Noise does not compress: a PNG of about `bytes` bytes. */
  const noisyPng = (side: number) => {
    const raw = Buffer.alloc(side * side * 3)
    for (let i = 0; i < raw.length; i += 1) raw[i] = (i * 2654435761) >>> 24
    return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer()
  }

  it('refuses a file above the limit with 413 in the envelope (multipart limit)', async () => {
    const bytes = await noisyPng(340) // ≈ 347 KB, above 300 KB but within the request slack
    expect(bytes.length).toBeGreaterThan(MAX_BYTES)
    const before = await state()
    const response = await upload({ bytes, filename: 'large.png', type: 'image/png' })
    expectFileError(response, 413, 'PAYLOAD_TOO_LARGE')
    expect(await state()).toEqual(before)
  })

  it('refuses a request whose declared length is far above the limit before reading it', async () => {
    const bytes = Buffer.alloc(MAX_BYTES + 1_200_000, 7)
    const before = await state()
    const response = await upload({ bytes, filename: 'huge.png', type: 'image/png' })
    expectFileError(response, 413, 'PAYLOAD_TOO_LARGE')
    expect(await state()).toEqual(before)
  })

  it('accepts a file just under the limit', async () => {
    const bytes = await noisyPng(300) // ≈ 270 KB
    expect(bytes.length).toBeLessThan(MAX_BYTES)
    const response = await upload({ bytes, filename: 'fits.png', type: 'image/png' })
    expect(response.status).toBe(201)
  })
})

// ---------------------------------------------------------------------------------------------
// No orphans
// ---------------------------------------------------------------------------------------------

describe('no orphans', () => {
  it('a valid image with missing alt text: 400 on alt, no record, no file', async () => {
    const before = await state()
    const response = await upload(
      { bytes: await solid(900, 600).png().toBuffer(), filename: 'no-alt.png', type: 'image/png' },
      {},
    )
    expect(response.status).toBe(400)
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'alt', code: 'VALIDATION_ERROR' })])
    expect(await state()).toEqual(before)
  })

  it('alt text that is too long: 400, no record, no file', async () => {
    const before = await state()
    const response = await upload(
      { bytes: await images.png(), filename: 'long-alt.png', type: 'image/png' },
      { alt: 'x'.repeat(251) },
    )
    expect(response.status).toBe(400)
    expect(await state()).toEqual(before)
  })

  it('text with a NUL or other control character (which PostgreSQL cannot store): 400, no record, no file', async () => {
    const before = await state()
    for (const fields of [{ alt: 'nul\u0000inside' }, { alt: 'fine', caption: 'bell\u0007' }]) {
      const response = await upload(
        { bytes: await solid(900, 600).png().toBuffer(), filename: 'nul-text.png', type: 'image/png' },
        fields,
      )
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(response.body.errors[0]).toMatchObject({ field: Object.keys(fields).at(-1), code: 'VALIDATION_ERROR' })
    }
    expect(await state()).toEqual(before)
  })

  it('a create without a file: 400 on file', async () => {
    const before = await state()
    expectFileError(await upload(undefined, { alt: 'nothing attached' }), 400, 'VALIDATION_ERROR')
    expect(await state()).toEqual(before)
  })

  it('a create asking the server to fetch a URL: 400 on file, nothing fetched or stored', async () => {
    const before = await state()
    const response = await request(`${cms.api}/media`, {
      method: 'POST',
      json: { alt: 'remote', filename: 'remote.png', url: `${cms.url}/health` },
      auth: author,
    })
    expectFileError(response, 400, 'VALIDATION_ERROR')
    expect(await state()).toEqual(before)
  })

  it('a visitor without credentials: refused, nothing stored', async () => {
    const before = await state()
    const { body, contentType } = multipart(
      { bytes: await images.png(), filename: 'anon.png', type: 'image/png' },
      { alt: 'anon' },
    )
    const response = await request(`${cms.api}/media`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    })
    expect([401, 403]).toContain(response.status)
    expect(await state()).toEqual(before)
  })

  it('replacing a file with a refused one leaves the document and its files as they were', async () => {
    const created = await upload({
      bytes: await solid(900, 600).png().toBuffer(),
      filename: 'keep.png',
      type: 'image/png',
    })
    expect(created.status).toBe(201)
    const before = await state()
    const response = await upload(
      {
        bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        filename: 'keep.png',
        type: 'image/png',
      },
      { alt: 'replaced' },
      { method: 'PATCH', url: `${cms.api}/media/${created.body.doc.id}` },
    )
    expectFileError(response, 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect(await state()).toEqual(before)
    const doc = await cms.payload.findByID({ collection: 'media', id: created.body.doc.id, overrideAccess: true })
    expect(doc.alt).toBe('A test image')
    expect(doc.filename).toBe(created.body.doc.filename)
  })

  it('after a failure past the write, removes the files no stored document names, and only those', async () => {
    const created = await upload({
      bytes: await solid(900, 600).png().toBuffer(),
      filename: 'owned.png',
      type: 'image/png',
    })
    expect(created.status).toBe(201)
    const doc = created.body.doc as { filename: string; sizes: Record<string, { filename: string | null }> }
    const owned = [
      doc.filename,
      ...Object.values(doc.sizes)
        .map((size) => size.filename)
        .filter((name): name is string => !!name),
    ]
    const strays = ['stray.png', 'stray-400x300.webp']
    for (const name of strays) fs.writeFileSync(path.join(cms.env.mediaDir, name), 'left by a failed upload')
    const outside = path.join(path.dirname(cms.env.mediaDir), `outside-${path.basename(cms.env.mediaDir)}.png`)
    fs.writeFileSync(outside, 'not ours')
    try {
      const collection = cms.payload.collections.media.config
      const removed = await removeUnreferencedFiles(cms.payload, collection, [
        ...owned,
        ...strays,
        `../${path.basename(outside)}`,
        'never-written.png',
      ])
      expect(removed.sort()).toEqual([...strays].sort())
      for (const name of owned) expect(fs.existsSync(path.join(cms.env.mediaDir, name))).toBe(true)
      for (const name of strays) expect(fs.existsSync(path.join(cms.env.mediaDir, name))).toBe(false)
      expect(fs.existsSync(outside)).toBe(true)
    } finally {
      fs.rmSync(outside, { force: true })
    }
  })
})
