/**
 * sharp (libvips) is loaded by the first image, not by loading the CMS: a process that imports the
 * Payload config and its upload code has no libvips mapped until an image is opened.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const cms = path.resolve(import.meta.dirname, '../..')

describe('sharp', () => {
  it('is mapped into the process only once an image is opened', () => {
    const script = `
      import fs from 'node:fs'
      const libvips = () => fs.readFileSync('/proc/self/maps', 'utf8').includes('libvips')
      await import('./src/config.ts')
      const { limitedSharp } = await import('./src/uploads/limitedSharp.ts')
      const { imagePixels } = await import('./src/uploads/imagePixels.ts')
      const before = libvips()
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>')
      const meta = await limitedSharp(1_000_000)(svg).metadata()
      const size = await imagePixels(svg)
      console.log(JSON.stringify({ before, after: libvips(), width: meta.width, pixels: size?.pixels }))
    `
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: cms,
      encoding: 'utf8',
      timeout: 50_000,
    })
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({ before: false, after: true, width: 4, pixels: 12 })
  }, 60_000)
})
