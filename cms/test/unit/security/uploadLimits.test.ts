/** MEDIA_MAX_BYTES and MEDIA_MAX_PIXELS: defaults, validation, and where the configuration uses them. */
import { describe, expect, it } from 'vitest'

import { createConfig } from '../../../src/config'
import { EnvError, parseEnv } from '../../../src/env'
import { pngDeclaring, solid } from '../../helpers/images'

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source)
  } catch (error) {
    return (error as EnvError).problems
  }
  throw new Error('expected parseEnv to fail')
}

describe('upload limits', () => {
  it('default to 10 MB and 50 megapixels', () => {
    expect(parseEnv({})).toMatchObject({ mediaMaxBytes: 10 * 1024 * 1024, mediaMaxPixels: 50_000_000 })
  })

  it('can be set, within sane bounds', () => {
    expect(parseEnv({ MEDIA_MAX_BYTES: '2000000', MEDIA_MAX_PIXELS: '24000000' })).toMatchObject({
      mediaMaxBytes: 2_000_000,
      mediaMaxPixels: 24_000_000,
    })
    const problems = problemsOf({ MEDIA_MAX_BYTES: 'ten', MEDIA_MAX_PIXELS: '0' })
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['MEDIA_MAX_BYTES', 'MEDIA_MAX_PIXELS'])
    expect(problemsOf({ MEDIA_MAX_BYTES: String(200 * 1024 * 1024) })[0]).toMatch(/^MEDIA_MAX_BYTES/)
  })

  it('reach Payload: multipart file and request limits, and a pixel-limited sharp', async () => {
    const config = await createConfig(
      parseEnv({
        APP_ENV: 'test',
        MEDIA_MAX_BYTES: '500000',
        MEDIA_MAX_PIXELS: '1000000',
        DATABASE_URL: 'file:/tmp/mspn-unused.db',
      }),
    )
    expect(config.upload).toMatchObject({
      limits: { fileSize: 500_000 },
      requestSizeLimit: 500_000 + 1_048_576,
      abortOnLimit: true,
    })
    const sharp = config.sharp!
    await expect(sharp(pngDeclaring(2000, 1000)).metadata()).rejects.toThrow(/pixel limit/)
    await expect(sharp(await solid(1000, 1000).png().toBuffer()).metadata()).resolves.toMatchObject({ width: 1000 })
  })
})
