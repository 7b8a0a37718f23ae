/** Makes the seed's illustrations: small abstract PNGs drawn from SVG by sharp, so nothing is downloaded. */
import { loadSharp } from '../uploads/sharpModule'

const escapeXml = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

export async function makeIllustration(label: string, hue: number, width = 1200, height = 675): Promise<Buffer> {
  const a = `hsl(${hue} 70% 45%)`
  const b = `hsl(${(hue + 50) % 360} 75% 30%)`
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <circle cx="${width * 0.8}" cy="${height * 0.25}" r="${height * 0.35}" fill="#fff" fill-opacity="0.08"/>
  <circle cx="${width * 0.15}" cy="${height * 0.9}" r="${height * 0.45}" fill="#000" fill-opacity="0.10"/>
  <text x="60" y="${height - 70}" font-family="sans-serif" font-size="56" font-weight="700" fill="#fff">${escapeXml(label)}</text>
</svg>`
  return loadSharp()(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toBuffer()
}
