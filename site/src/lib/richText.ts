/**
 * Renders Payload's Lexical editor state (`{ root: { type: 'root', children } }`) to an HTML
 * string on the server.
 *
 * Safety rules, which every renderer below keeps:
 * - The output is built only from tags and attribute names written in this file. No field of
 *   the input is ever copied into the output as markup: text and attribute values always pass
 *   through `escapeHtml` (& < > " '), tag names come from fixed allow-lists, and node types this
 *   file does not know (including an `html` node) contribute at most their children.
 * - URLs (link `href`, upload `src`) must pass `safeUrl`: http:, https:, mailto:, tel:, or a
 *   site-relative path starting with exactly one `/`. No trimming, decoding or repairing is
 *   attempted; whatever does not pass as written is dropped (a link then renders its children
 *   as plain content, an upload renders nothing). URLs returned by `resolveLink` are checked too.
 * - Presentation fields (`style`, `format` alignment on elements, `indent`, `direction`) are
 *   ignored; only the text `format` bitmask is read, and only as bits mapped to fixed tags.
 * - The input is untrusted in shape as well: anything that is not an object with a string
 *   `type` is skipped, non-array `children` count as none, and nothing deeper than `maxDepth`
 *   (default 32, clamped to 1..256) is rendered, so hostile nesting cannot exhaust the stack.
 *   `renderRichText` never throws: anything that is not a valid root gives '', and so does an
 *   input so large the engine cannot build the string (or a JS object with throwing getters).
 */

export interface RenderRichTextOptions {
  /**
   * URL for an internal link to `doc` (the populated document, or its id when not populated)
   * in collection `relationTo`. Return null to render the link's children without a link.
   * The result must still pass the URL allow-list. Defaults to `/${relationTo}/${doc.slug}`.
   */
  resolveLink?: (relationTo: string, doc: unknown) => string | null
  /** Deepest node level rendered (root's children are level 1). Default 32, clamped to 1..256. */
  maxDepth?: number
}

type LinkResolver = (relationTo: string, doc: unknown) => string | null

interface LexicalNode {
  type: string
  [key: string]: unknown
}

interface Context {
  depth: number
  maxDepth: number
  resolveLink: LinkResolver
  /** Set inside an <a>, so a nested link renders as plain content (no <a> inside <a>). */
  inLink: boolean
}

const DEFAULT_MAX_DEPTH = 32
const MAX_MAX_DEPTH = 256
const MAX_URL_LENGTH = 8192

export function renderRichText(value: unknown, options: RenderRichTextOptions = {}): string {
  try {
    const root = isRecord(value) ? value.root : undefined
    if (!isNode(root) || root.type !== 'root') return ''
    const context: Context = {
      depth: 0,
      maxDepth: clampDepth(options.maxDepth),
      resolveLink: options.resolveLink ?? defaultResolveLink,
      inLink: false,
    }
    return renderChildren(root, context)
  } catch {
    // Only reachable for inputs no JSON document produces (throwing getters, proxies) or for
    // output beyond the engine's maximum string length. A page without the text beats a 500.
    return ''
  }
}

// ---------------------------------------------------------------------------------------------
// Dispatch

function renderChildren(node: LexicalNode, context: Context): string {
  const children = node.children
  if (!Array.isArray(children) || context.depth >= context.maxDepth) return ''
  const inner: Context = { ...context, depth: context.depth + 1 }
  let html = ''
  for (let i = 0; i < children.length; i++) {
    const child: unknown = children[i]
    if (isNode(child)) html += renderNode(child, inner)
  }
  return html
}

function renderNode(node: LexicalNode, context: Context): string {
  switch (node.type) {
    case 'text':
      return renderText(node)
    case 'linebreak':
      return '<br>'
    case 'tab':
      return '\t'
    case 'horizontalrule':
      return '<hr>'
    case 'paragraph':
    case 'heading':
    case 'quote':
      return renderBlock(node, context)
    case 'list':
      return renderList(node, context)
    case 'listitem':
      return renderListItem(node, context)
    case 'link':
    case 'autolink':
      return renderLink(node, context)
    case 'upload':
      return renderUpload(node)
    case 'code':
      return renderCode(node, context)
    case 'relationship':
    case 'block':
    case 'inlineBlock':
      return ''
    default:
      // Unknown (or future) node types: keep their content, never their own fields.
      return renderChildren(node, context)
  }
}

// ---------------------------------------------------------------------------------------------
// Text

/** Text format bits, outermost tag first; `code` innermost so the other tags wrap it. */
const TEXT_FORMATS: ReadonlyArray<readonly [bit: number, tag: string]> = [
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [8, 'u'],
  [32, 'sub'],
  [64, 'sup'],
  [16, 'code'],
]

function renderText(node: LexicalNode): string {
  if (typeof node.text !== 'string' || node.text === '') return ''
  let html = escapeHtml(node.text)
  const format = node.format
  if (typeof format !== 'number' || !Number.isInteger(format) || format <= 0) return html
  for (let i = TEXT_FORMATS.length - 1; i >= 0; i--) {
    const [bit, tag] = TEXT_FORMATS[i]!
    if ((format & bit) !== 0) html = `<${tag}>${html}</${tag}>`
  }
  return html
}

// ---------------------------------------------------------------------------------------------
// Paragraphs, headings, quotes

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

function renderBlock(node: LexicalNode, context: Context): string {
  const inner = renderChildren(node, context)
  if (node.type === 'paragraph') return inner === '' ? '' : `<p>${inner}</p>`
  if (node.type === 'quote') return `<blockquote>${inner}</blockquote>`
  const tag = typeof node.tag === 'string' && HEADING_TAGS.has(node.tag) ? node.tag : 'h2'
  return `<${tag}>${inner}</${tag}>`
}

// ---------------------------------------------------------------------------------------------
// Lists

function renderList(node: LexicalNode, context: Context): string {
  const inner = renderChildren(node, context)
  if (node.listType === 'number') {
    const start = node.start
    const startAttr = typeof start === 'number' && Number.isSafeInteger(start) && start !== 1 ? ` start="${start}"` : ''
    return `<ol${startAttr}>${inner}</ol>`
  }
  if (node.listType === 'check') return `<ul class="checklist">${inner}</ul>`
  return `<ul>${inner}</ul>`
}

/**
 * A list item. In a check list it starts with a disabled checkbox, except for the items Lexical
 * uses only to hold a nested list, which have nothing to tick.
 */
function renderListItem(node: LexicalNode, context: Context): string {
  const inner = renderChildren(node, context)
  if (!isInCheckList(node) || holdsOnlyLists(node)) return `<li>${inner}</li>`
  const checked = node.checked === true ? ' checked' : ''
  return `<li><input type="checkbox" disabled${checked}> ${inner}</li>`
}

/** Lexical marks every item of a check list with a boolean `checked`; other items lack it. */
function isInCheckList(node: LexicalNode): boolean {
  return typeof node.checked === 'boolean'
}

function holdsOnlyLists(node: LexicalNode): boolean {
  const children = node.children
  return (
    Array.isArray(children) && children.length > 0 && children.every((child) => isNode(child) && child.type === 'list')
  )
}

// ---------------------------------------------------------------------------------------------
// Links

function renderLink(node: LexicalNode, context: Context): string {
  const inner = renderChildren(node, { ...context, inLink: true })
  if (inner === '') return ''
  if (context.inLink) return inner
  const fields = isRecord(node.fields) ? node.fields : {}
  const href = safeUrl(linkTarget(fields, context.resolveLink))
  if (href === null) return inner
  const target = fields.newTab === true ? ' target="_blank" rel="noopener noreferrer"' : ''
  return `<a href="${escapeHtml(href)}"${target}>${inner}</a>`
}

function linkTarget(fields: Record<string, unknown>, resolveLink: LinkResolver): unknown {
  if (fields.linkType !== 'internal') return fields.url
  const doc = fields.doc
  if (!isRecord(doc) || typeof doc.relationTo !== 'string' || doc.relationTo === '') return null
  try {
    return resolveLink(doc.relationTo, doc.value)
  } catch {
    return null
  }
}

function defaultResolveLink(relationTo: string, doc: unknown): string | null {
  if (!isRecord(doc) || typeof doc.slug !== 'string' || doc.slug === '') return null
  return `/${encodeURIComponent(relationTo)}/${encodeURIComponent(doc.slug)}`
}

// ---------------------------------------------------------------------------------------------
// Uploads

function renderUpload(node: LexicalNode): string {
  const media = node.value
  if (!isRecord(media)) return '' // an id only: nothing to show
  const src = safeUrl(media.url)
  if (src === null) return ''
  if (typeof media.mimeType !== 'string' || !media.mimeType.toLowerCase().startsWith('image/')) return ''
  const alt = typeof media.alt === 'string' ? media.alt : ''
  const width = dimension(media.width)
  const height = dimension(media.height)
  return (
    `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"` +
    (width === null ? '' : ` width="${width}"`) +
    (height === null ? '' : ` height="${height}"`) +
    ` loading="lazy" decoding="async"></figure>`
  )
}

function dimension(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null
}

// ---------------------------------------------------------------------------------------------
// Code

const LANGUAGE = /^[a-z0-9][a-z0-9+#-]{0,31}$/i

function renderCode(node: LexicalNode, context: Context): string {
  const text = plainText(node, context.depth, context.maxDepth)
  if (text === '') return ''
  const language = typeof node.language === 'string' && LANGUAGE.test(node.language) ? node.language : null
  const classAttr = language === null ? '' : ` class="language-${escapeHtml(language.toLowerCase())}"`
  return `<pre><code${classAttr}>${escapeHtml(text)}</code></pre>`
}

/** The text of a node's descendants (highlight tokens, line breaks, tabs), without any markup. */
function plainText(node: LexicalNode, depth: number, maxDepth: number): string {
  const children = node.children
  if (!Array.isArray(children) || depth >= maxDepth) return ''
  let text = ''
  for (let i = 0; i < children.length; i++) {
    const child: unknown = children[i]
    if (!isNode(child)) continue
    if (child.type === 'linebreak') text += '\n'
    else if (child.type === 'tab') text += '\t'
    else if (typeof child.text === 'string') text += child.text
    else text += plainText(child, depth + 1, maxDepth)
  }
  return text
}

// ---------------------------------------------------------------------------------------------
// Helpers

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'tel'])
const SCHEME = /^([a-z][a-z0-9+.-]*):/i
/** C0/C1 controls and whitespace other than U+0020, plus invisible formatting characters. */
// Matching control characters is the point.
const UNSAFE_URL_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/

/**
 * The URL as given if it is allowed in an href/src, else null. Allowed: http:, https:, mailto:,
 * tel: (scheme case-insensitive), and paths starting with one `/` (`//host` and `/\host` are
 * other hosts to a browser). The value must begin with `/` or the scheme itself, so leading
 * spaces fail; control and invisible characters and backslashes fail anywhere, since browsers
 * strip or reinterpret them when finding the scheme. Inner spaces are allowed (harmless).
 * Entity-encoded schemes need no special case: `javascript&#58;…` has no scheme and no leading
 * `/`, so it fails, and `&` is escaped on output, so nothing is decoded later.
 */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.length > MAX_URL_LENGTH) return null
  if (UNSAFE_URL_CHARACTERS.test(value)) return null
  if (value.startsWith('/')) return value.startsWith('//') ? null : value
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase()
  if (scheme === undefined || !ALLOWED_SCHEMES.has(scheme)) return null
  if ((scheme === 'http' || scheme === 'https') && !URL.canParse(value)) return null
  return value
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}

function clampDepth(value: number | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_MAX_DEPTH
  return Math.min(MAX_MAX_DEPTH, Math.max(1, Math.floor(value)))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isNode(value: unknown): value is LexicalNode {
  return isRecord(value) && typeof value.type === 'string'
}
