/** Longest slug we generate or accept. */
export const MAX_SLUG_LENGTH = 96

/** Lower-case ASCII words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Turns any title into a URL-safe slug: accents folded, symbols dropped, words hyphenated. */
export function slugify(input: string): string {
  const folded = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return folded.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '')
}
