import { describe, expect, it, vi } from 'vitest'

import { escapeHtml, renderRichText, safeUrl } from '../../src/lib/richText.ts'

// ---------------------------------------------------------------------------------------------
// Builders for Lexical JSON, shaped like what Payload stores.

type Node = Record<string, unknown>

const text = (value: string, format = 0): Node => ({
  type: 'text',
  text: value,
  format,
  style: '',
  mode: 'normal',
  detail: 0,
  version: 1,
})
const el = (type: string, children: unknown[], extra: Node = {}): Node => ({
  type,
  children,
  direction: 'ltr',
  format: '',
  indent: 0,
  version: 1,
  ...extra,
})
const doc = (...children: unknown[]): { root: Node } => ({ root: el('root', children) })
const p = (...children: unknown[]): Node => el('paragraph', children, { textFormat: 0, textStyle: '' })
const link = (url: unknown, children: unknown[], extra: Node = {}): Node =>
  el('link', children, { fields: { linkType: 'custom', url, newTab: false, ...extra } })
const internalLink = (relationTo: unknown, value: unknown, children: unknown[]): Node =>
  el('link', children, { fields: { linkType: 'internal', newTab: false, doc: { relationTo, value } } })
const upload = (value: unknown): Node => ({
  type: 'upload',
  version: 3,
  format: '',
  relationTo: 'media',
  value,
  fields: null,
})
const image = (extra: Node = {}): Node => ({
  id: 7,
  url: '/media/photo.jpg',
  alt: 'A photo',
  width: 800,
  height: 600,
  mimeType: 'image/jpeg',
  ...extra,
})

// ---------------------------------------------------------------------------------------------
// A checker for everything the renderer may emit: only known tags, only known attributes per
// tag, and only allow-listed URLs in href/src.

const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  p: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  ul: ['class'],
  ol: ['start'],
  li: [],
  input: ['type', 'disabled', 'checked'],
  blockquote: [],
  strong: [],
  em: [],
  s: [],
  u: [],
  code: ['class'],
  sub: [],
  sup: [],
  br: [],
  hr: [],
  a: ['href', 'target', 'rel'],
  figure: [],
  img: ['src', 'alt', 'width', 'height', 'loading', 'decoding'],
  pre: [],
}
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-z]+(?:="[^"<>]*")?)*)\s*>/g
const ATTRIBUTE = /\s+([a-z]+)(?:="([^"<>]*)")?/g

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }
const unescape = (value: string): string =>
  value.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => ENTITIES[name] ?? '')

function expectSafe(html: string): void {
  expect(html).not.toMatch(/<script/i)
  // Event handlers: look at attribute names only (quoted values may contain escaped text like ` onerror=`).
  expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<[^>]*\son[a-z]+\s*=/i)
  // After removing every well-formed allowed tag, no '<' may remain: text is always escaped.
  const withoutTags = html.replace(TAG, (whole, _close: string, name: string, attributes: string) => {
    const allowed = ALLOWED_ATTRIBUTES[name]
    expect(allowed, `unexpected tag <${name}> in ${html.slice(0, 200)}`).toBeDefined()
    for (const [, attribute, raw] of attributes.matchAll(ATTRIBUTE)) {
      expect(allowed, `unexpected attribute ${attribute} on <${name}>`).toContain(attribute)
      if (attribute === 'href' || attribute === 'src') {
        const url = unescape(raw ?? '')
        expect(url).toMatch(/^(?:https?:|mailto:|tel:|\/(?![/\\]))/i)
        // eslint-disable-next-line no-control-regex -- strips control characters an attacker may hide in a scheme
        expect(url.replace(/[\s\u0000-\u001f]/g, '')).not.toMatch(/(?:javascript|vbscript|data):/i)
      }
    }
    return ''
  })
  expect(withoutTags).not.toContain('<')
  expect(withoutTags).not.toContain('>')
}

// ---------------------------------------------------------------------------------------------

describe('renderRichText: a realistic document', () => {
  const post = doc(
    el('heading', [text('Our services')], { tag: 'h2' }),
    p(
      text('We build '),
      text('fast', 3),
      text(' sites. '),
      link('https://example.com/guide?a=1&b=2', [text('Read the guide')], { newTab: true }),
      text(' or see '),
      internalLink('posts', { id: 12, slug: 'hello-world', title: 'Hello' }, [text('our first post')]),
      text('.'),
    ),
    p(),
    el('heading', [text('Steps')], { tag: 'h3' }),
    el(
      'list',
      [
        el('listitem', [text('Plan')], { value: 1 }),
        el('listitem', [text('Build '), text('carefully', 1)], { value: 2 }),
        el(
          'listitem',
          [
            el('list', [el('listitem', [text('Test')], { value: 1 }), el('listitem', [text('Ship')], { value: 2 })], {
              listType: 'number',
              start: 3,
              tag: 'ol',
            }),
          ],
          {
            value: 3,
          },
        ),
      ],
      { listType: 'bullet', start: 1, tag: 'ul' },
    ),
    upload(image({ alt: 'Team at "work" & play' })),
    el('quote', [text('Quality is a habit.')]),
    { type: 'horizontalrule', version: 1 },
    p(text('Line one'), { type: 'linebreak', version: 1 }, text('Line two')),
  )

  it('renders every supported node exactly', () => {
    expect(renderRichText(post)).toBe(
      '<h2>Our services</h2>' +
        '<p>We build <strong><em>fast</em></strong> sites. ' +
        '<a href="https://example.com/guide?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">Read the guide</a>' +
        ' or see <a href="/posts/hello-world">our first post</a>.</p>' +
        '<h3>Steps</h3>' +
        '<ul><li>Plan</li><li>Build <strong>carefully</strong></li><li><ol start="3"><li>Test</li><li>Ship</li></ol></li></ul>' +
        '<figure><img src="/media/photo.jpg" alt="Team at &quot;work&quot; &amp; play" width="800" height="600" loading="lazy" decoding="async"></figure>' +
        '<blockquote>Quality is a habit.</blockquote>' +
        '<hr>' +
        '<p>Line one<br>Line two</p>',
    )
  })

  it('passes its own safety checker', () => {
    expectSafe(renderRichText(post))
  })

  it('renders the seed format used by the CMS (paragraph, heading, bullet list)', () => {
    const seed = doc(
      el('heading', [text('Why')], { tag: 'h2' }),
      p(text('Because.')),
      el('list', [el('listitem', [text('a')], { value: 1 }), el('listitem', [text('b')], { value: 2 })], {
        listType: 'bullet',
        start: 1,
        tag: 'ul',
      }),
    )
    expect(renderRichText(seed)).toBe('<h2>Why</h2><p>Because.</p><ul><li>a</li><li>b</li></ul>')
  })
})

describe('renderRichText: node families', () => {
  it.each([
    [1, '<strong>x</strong>'],
    [2, '<em>x</em>'],
    [4, '<s>x</s>'],
    [8, '<u>x</u>'],
    [16, '<code>x</code>'],
    [32, '<sub>x</sub>'],
    [64, '<sup>x</sup>'],
    [17, '<strong><code>x</code></strong>'],
    [127, '<strong><em><s><u><sub><sup><code>x</code></sup></sub></u></s></em></strong>'],
    [128, 'x'], // highlight: not supported, plain text
    [0, 'x'],
    [-1, 'x'],
    [1.5, 'x'],
    [Number.NaN, 'x'],
  ])('text format %s renders as %s', (format, expected) => {
    expect(renderRichText(doc(p(text('x', format))))).toBe(`<p>${expected}</p>`)
  })

  it('ignores non-numeric formats and the style string', () => {
    const node = { type: 'text', text: 'x', format: '1', style: 'background:url(javascript:alert(1))' }
    expect(renderRichText(doc(p(node)))).toBe('<p>x</p>')
  })

  it('renders h1-h6 and turns any other heading tag into h2', () => {
    for (const tag of ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']) {
      expect(renderRichText(doc(el('heading', [text('T')], { tag })))).toBe(`<${tag}>T</${tag}>`)
    }
    for (const tag of ['h7', 'H1', 'script', 'h1 onclick="x"', 'img src=x', undefined, 1]) {
      expect(renderRichText(doc(el('heading', [text('T')], { tag })))).toBe('<h2>T</h2>')
    }
  })

  it('skips empty paragraphs, including ones whose children render to nothing', () => {
    expect(renderRichText(doc(p(), p(text('')), p({ type: 'relationship', value: 1 }), p(text('kept'))))).toBe(
      '<p>kept</p>',
    )
  })

  it('renders numbered lists with an integer start only', () => {
    const ol = (start: unknown): Node => el('list', [el('listitem', [text('a')])], { listType: 'number', start })
    expect(renderRichText(doc(ol(1)))).toBe('<ol><li>a</li></ol>')
    expect(renderRichText(doc(ol(5)))).toBe('<ol start="5"><li>a</li></ol>')
    expect(renderRichText(doc(ol(0)))).toBe('<ol start="0"><li>a</li></ol>')
    for (const start of ['5', '1" onmouseover="alert(1)', 2.5, Number.POSITIVE_INFINITY, null]) {
      expect(renderRichText(doc(ol(start)))).toBe('<ol><li>a</li></ol>')
    }
  })

  it('renders unknown list types as bullet lists', () => {
    expect(renderRichText(doc(el('list', [el('listitem', [text('a')])], { listType: 'weird' })))).toBe(
      '<ul><li>a</li></ul>',
    )
  })

  it('renders check lists with disabled checkboxes, none for items that only hold a nested list', () => {
    const checklist = doc(
      el(
        'list',
        [
          el('listitem', [text('Done')], { checked: true, value: 1 }),
          el('listitem', [text('Todo')], { checked: false, value: 2 }),
          el('listitem', [el('list', [el('listitem', [text('Sub')], { checked: true })], { listType: 'check' })], {
            checked: false,
            value: 3,
          }),
        ],
        { listType: 'check', tag: 'ul' },
      ),
    )
    const html = renderRichText(checklist)
    expect(html).toBe(
      '<ul class="checklist">' +
        '<li><input type="checkbox" disabled checked> Done</li>' +
        '<li><input type="checkbox" disabled> Todo</li>' +
        '<li><ul class="checklist"><li><input type="checkbox" disabled checked> Sub</li></ul></li>' +
        '</ul>',
    )
    expectSafe(html)
  })

  it('renders linebreak, tab and horizontal rule', () => {
    expect(
      renderRichText(
        doc(p(text('a'), { type: 'tab', text: '\t' }, text('b'), { type: 'linebreak' }), { type: 'horizontalrule' }),
      ),
    ).toBe('<p>a\tb<br></p><hr>')
  })

  it('renders code nodes as escaped plain text inside pre/code', () => {
    const code = el(
      'code',
      [
        { type: 'code-highlight', text: 'const', highlightType: 'keyword' },
        { type: 'code-highlight', text: ' a = "<script>";' },
        { type: 'linebreak' },
        { type: 'tab', text: '\t' },
        { type: 'code-highlight', text: 'f(a && b);', format: 1 },
      ],
      { language: 'ts' },
    )
    expect(renderRichText(doc(code))).toBe(
      '<pre><code class="language-ts">const a = &quot;&lt;script&gt;&quot;;\n\tf(a &amp;&amp; b);</code></pre>',
    )
  })

  it('renders nothing for an empty code node and ignores non-node code children', () => {
    expect(renderRichText(doc(el('code', []), el('code', [null, 'raw <b>', 5]), { type: 'code' }))).toBe('')
  })

  it('drops an unsafe code language instead of putting it in the class', () => {
    const code = el('code', [text('x')], { language: 'js" onmouseover="alert(1)' })
    expect(renderRichText(doc(code))).toBe('<pre><code>x</code></pre>')
  })

  it('skips relationship, block and inlineBlock nodes', () => {
    const html = renderRichText(
      doc(
        { type: 'relationship', relationTo: 'posts', value: { id: 1, title: '<b>x</b>' } },
        { type: 'block', fields: { blockType: 'cta', html: '<script>x</script>' } },
        p(text('a'), { type: 'inlineBlock', fields: { blockType: 'badge' } }, text('b')),
      ),
    )
    expect(html).toBe('<p>ab</p>')
  })

  it('renders the children of unknown node types, and nothing of their own', () => {
    const table = el('table', [el('tablerow', [el('tablecell', [p(text('cell'))])])], { colWidths: [1] })
    expect(renderRichText(doc(table))).toBe('<p>cell</p>')
    expect(renderRichText(doc({ type: 'mystery', html: '<b>x</b>', text: 'not rendered' }))).toBe('')
  })
})

describe('renderRichText: links', () => {
  it.each([
    'https://example.com',
    'http://example.com/path?q=1#frag',
    'HTTPS://EXAMPLE.COM/',
    'mailto:hello@example.com?subject=Hi%20there',
    'MailTo:hello@example.com',
    'tel:+15551234567',
    '/',
    '/about',
    '/blog/post?x=1#y',
  ])('keeps the allowed URL %s', (url) => {
    const html = renderRichText(doc(p(link(url, [text('go')]))))
    expect(html).toBe(`<p><a href="${escapeHtml(url)}">go</a></p>`)
    expectSafe(html)
  })

  const hostileUrls: Array<[string, unknown]> = [
    ['javascript:', 'javascript:alert(1)'],
    ['mixed-case javascript:', 'JaVaScRiPt:alert(1)'],
    ['upper-case javascript:', 'JAVASCRIPT:alert(document.cookie)'],
    ['leading spaces', '  javascript:alert(1)'],
    ['leading space before https', ' https://example.com'],
    ['leading space before a path', ' /about'],
    ['trailing newline', 'https://example.com\n'],
    ['tab inside scheme', 'java\tscript:alert(1)'],
    ['newline inside scheme', 'java\nscript:alert(1)'],
    ['carriage return inside scheme', 'java\rscript:alert(1)'],
    ['leading NUL', '\u0000javascript:alert(1)'],
    ['NUL before colon', 'javascript\u0000:alert(1)'],
    ['leading control char', '\u0001javascript:alert(1)'],
    ['zero-width space', '\u200bjavascript:alert(1)'],
    ['BOM', '\ufeffjavascript:alert(1)'],
    ['non-breaking space', '\u00a0javascript:alert(1)'],
    ['entity-encoded colon', 'javascript&#58;alert(1)'],
    ['named-entity colon', 'javascript&colon;alert(1)'],
    ['entity-encoded first letter', '&#106;avascript:alert(1)'],
    ['hex-entity first letter', '&#x6A;avascript:alert(1)'],
    ['entity tab in scheme', 'jav&#x09;ascript:alert(1)'],
    ['percent-encoded scheme', '%6Aavascript:alert(1)'],
    ['data: html', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['DATA: upper case', 'DATA:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['VBScript: mixed case', 'VBScript:msgbox(1)'],
    ['protocol-relative', '//evil.com'],
    ['protocol-relative, three slashes', '///evil.com'],
    ['slash-backslash', '/\\evil.com'],
    ['backslashes', '\\\\evil.com'],
    ['http with backslashes', 'http:\\\\evil.com'],
    ['https without host', 'https://'],
    ['file:', 'file:///etc/passwd'],
    ['ftp:', 'ftp://example.com'],
    ['bare host', 'evil.com'],
    ['fragment only', '#top'],
    ['empty', ''],
    ['number', 42],
    ['object', { toString: () => 'https://example.com' }],
    ['null', null],
    ['oversized', `https://example.com/${'a'.repeat(10_000)}`],
  ]

  it.each(hostileUrls)('renders a link to %s as plain text', (_label, url) => {
    const html = renderRichText(doc(p(link(url, [text('click '), text('me', 1)]))))
    expect(html).toBe('<p>click <strong>me</strong></p>')
    expectSafe(html)
  })

  it.each(hostileUrls)('treats an autolink to %s the same way', (_label, url) => {
    const autolink = el('autolink', [text('click')], { fields: { linkType: 'custom', url } })
    expect(renderRichText(doc(p(autolink)))).toBe('<p>click</p>')
  })

  it('escapes quotes and angle brackets in attribute values', () => {
    const url = `https://example.com/?q="><script>alert(1)</script>&x='y'`
    const html = renderRichText(doc(p(link(url, [text('q')]))))
    expect(html).toBe(
      '<p><a href="https://example.com/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;x=&#39;y&#39;">q</a></p>',
    )
    expectSafe(html)
  })

  it('adds target and rel only when newTab is exactly true', () => {
    expect(renderRichText(doc(p(link('/a', [text('a')], { newTab: true }))))).toBe(
      '<p><a href="/a" target="_blank" rel="noopener noreferrer">a</a></p>',
    )
    expect(renderRichText(doc(p(link('/a', [text('a')], { newTab: 'true' }))))).toBe('<p><a href="/a">a</a></p>')
  })

  it('ignores extra link fields such as rel or attributes', () => {
    const html = renderRichText(
      doc(p(link('/a', [text('a')], { rel: 'x" onclick="y', onclick: 'alert(1)', target: '_self' }))),
    )
    expect(html).toBe('<p><a href="/a">a</a></p>')
  })

  it('renders nothing for a link without content, and only the outer <a> for nested links', () => {
    expect(renderRichText(doc(p(text('a'), link('/x', []), text('b'))))).toBe('<p>ab</p>')
    const nested = link('/outer', [text('o '), link('/inner', [text('i')])])
    expect(renderRichText(doc(p(nested)))).toBe('<p><a href="/outer">o i</a></p>')
  })

  it('treats missing or non-object fields as no URL', () => {
    expect(renderRichText(doc(p(el('link', [text('a')]))))).toBe('<p>a</p>')
    expect(renderRichText(doc(p(el('link', [text('a')], { fields: 'https://example.com' }))))).toBe('<p>a</p>')
  })

  describe('internal links', () => {
    it('defaults to /<relationTo>/<slug>, URL-encoding both', () => {
      expect(renderRichText(doc(p(internalLink('services', { id: 1, slug: 'web-apps' }, [text('x')]))))).toBe(
        '<p><a href="/services/web-apps">x</a></p>',
      )
      const html = renderRichText(doc(p(internalLink('posts', { slug: '"><script>alert(1)</script>' }, [text('x')]))))
      expect(html).toBe('<p><a href="/posts/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E">x</a></p>')
      expectSafe(html)
    })

    it('renders plain text without a usable slug or relation', () => {
      for (const value of [12, '12', null, {}, { slug: '' }, { slug: 5 }]) {
        expect(renderRichText(doc(p(internalLink('posts', value, [text('x')]))))).toBe('<p>x</p>')
      }
      expect(renderRichText(doc(p(internalLink('', { slug: 'a' }, [text('x')]))))).toBe('<p>x</p>')
      expect(renderRichText(doc(p(internalLink(5, { slug: 'a' }, [text('x')]))))).toBe('<p>x</p>')
      const noDoc = el('link', [text('x')], { fields: { linkType: 'internal', url: 'https://ignored.example' } })
      expect(renderRichText(doc(p(noDoc)))).toBe('<p>x</p>')
    })

    it('calls resolveLink with the relation and the document, and uses its answer', () => {
      const resolveLink = vi.fn((relationTo: string, value: unknown) =>
        relationTo === 'posts' && typeof value === 'object' && value !== null && 'slug' in value
          ? `/blog/${String(value.slug)}`
          : null,
      )
      const html = renderRichText(
        doc(
          p(
            internalLink('posts', { id: 3, slug: 'a' }, [text('post')]),
            text(' '),
            internalLink('pages', { id: 4, slug: 'b' }, [text('page')]),
          ),
        ),
        { resolveLink },
      )
      expect(html).toBe('<p><a href="/blog/a">post</a> page</p>')
      expect(resolveLink).toHaveBeenCalledWith('posts', { id: 3, slug: 'a' })
      expect(resolveLink).toHaveBeenCalledWith('pages', { id: 4, slug: 'b' })
    })

    it('applies the URL allow-list to what resolveLink returns', () => {
      for (const url of ['javascript:alert(1)', '//evil.com', ' /a', 'data:text/html,x']) {
        expect(
          renderRichText(doc(p(internalLink('posts', { slug: 'a' }, [text('x')]))), { resolveLink: () => url }),
        ).toBe('<p>x</p>')
      }
    })

    it('renders plain text when resolveLink throws', () => {
      const resolveLink = (): string => {
        throw new Error('boom')
      }
      expect(renderRichText(doc(p(internalLink('posts', { slug: 'a' }, [text('x')]))), { resolveLink })).toBe(
        '<p>x</p>',
      )
    })
  })
})

describe('renderRichText: uploads', () => {
  it('renders an image with only valid dimensions', () => {
    expect(renderRichText(doc(upload(image({ width: 12.5, height: -3 }))))).toBe(
      '<figure><img src="/media/photo.jpg" alt="A photo" loading="lazy" decoding="async"></figure>',
    )
    expect(renderRichText(doc(upload(image({ alt: undefined, width: '800', height: null }))))).toBe(
      '<figure><img src="/media/photo.jpg" alt="" loading="lazy" decoding="async"></figure>',
    )
  })

  it('accepts absolute https URLs and any image/* type', () => {
    expect(renderRichText(doc(upload(image({ url: 'https://cdn.example.com/a.webp', mimeType: 'IMAGE/WEBP' }))))).toBe(
      '<figure><img src="https://cdn.example.com/a.webp" alt="A photo" width="800" height="600" loading="lazy" decoding="async"></figure>',
    )
  })

  it('renders nothing for an unpopulated id, non-images or a missing mimeType', () => {
    for (const value of [7, '7', null, undefined, [image()]]) {
      expect(renderRichText(doc(upload(value)))).toBe('')
    }
    for (const mimeType of ['application/pdf', 'video/mp4', 'text/html', '', undefined, 'xImage/png']) {
      expect(renderRichText(doc(upload(image({ mimeType }))))).toBe('')
    }
  })

  it.each(hostileUploadUrls())('renders nothing for an upload at %s', (_label, url) => {
    expect(renderRichText(doc(upload(image({ url }))))).toBe('')
  })

  it('escapes hostile alt text', () => {
    const html = renderRichText(doc(upload(image({ alt: '" onerror="alert(1)" x="<script>' }))))
    expect(html).toBe(
      '<figure><img src="/media/photo.jpg" alt="&quot; onerror=&quot;alert(1)&quot; x=&quot;&lt;script&gt;" width="800" height="600" loading="lazy" decoding="async"></figure>',
    )
    expectSafe(html)
  })
})

function hostileUploadUrls(): Array<[string, unknown]> {
  return [
    ['javascript:', 'javascript:alert(1)'],
    ['mixed-case javascript:', 'jAvAsCrIpT:alert(1)'],
    ['whitespace-prefixed', '  javascript:alert(1)'],
    ['tab in scheme', 'java\tscript:alert(1)'],
    ['entity-encoded', '&#106;avascript:alert(1)'],
    ['data:', 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+'],
    ['vbscript:', 'vbscript:x'],
    ['protocol-relative', '//evil.com/a.jpg'],
    ['relative without slash', 'media/a.jpg'],
    ['not a string', { url: '/a.jpg' }],
  ]
}

describe('renderRichText: hostile text and fields', () => {
  it('escapes HTML in text', () => {
    const html = renderRichText(
      doc(p(text('<script>alert("x")</script>')), p(text(`<img src=x onerror='alert(1)'>`, 1))),
    )
    expect(html).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>' +
        '<p><strong>&lt;img src=x onerror=&#39;alert(1)&#39;&gt;</strong></p>',
    )
    expectSafe(html)
  })

  it('escapes existing entities instead of passing them through', () => {
    expect(renderRichText(doc(p(text('&lt;b&gt; &amp; &#60;'))))).toBe('<p>&amp;lt;b&amp;gt; &amp;amp; &amp;#60;</p>')
  })

  it('never renders an html node or raw HTML from any field', () => {
    const html = renderRichText(
      doc(
        { type: 'html', html: '<script>alert(1)</script>', value: '<img src=x onerror=alert(1)>', version: 1 },
        { type: 'html', children: [text('<b>as text</b>')] },
        el('paragraph', [text('ok')], { format: '<script>', style: 'x', html: '<script>', className: 'x" onclick="y' }),
        el('quote', [text('q')], { cite: 'javascript:alert(1)' }),
        { type: 'text', text: 'loose', innerHTML: '<script>' },
      ),
    )
    expect(html).toBe('&lt;b&gt;as text&lt;/b&gt;<p>ok</p><blockquote>q</blockquote>loose')
    expectSafe(html)
  })

  it('skips non-object nodes and nodes without a string type', () => {
    const children = [
      null,
      undefined,
      1,
      'text',
      true,
      [],
      [text('in array')],
      {},
      { type: 5, text: 'x' },
      { text: 'no type' },
      text('kept'),
    ]
    expect(renderRichText(doc(p(...children), ...children))).toBe('<p>kept</p>kept')
  })

  it('treats non-array children as none', () => {
    for (const children of ['<script>', { 0: text('x'), length: 1 }, 5, null]) {
      expect(renderRichText(doc({ type: 'paragraph', children }))).toBe('')
      expect(renderRichText(doc({ type: 'unknown', children }))).toBe('')
    }
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', '<script>alert(1)</script>'],
    ['serialised JSON', JSON.stringify(doc(p(text('x'))))],
    ['a number', 42],
    ['an array', [doc(p(text('x')))]],
    ['an empty object', {}],
    ['a null root', { root: null }],
    ['a root array', { root: [p(text('x'))] }],
    ['a non-root root', { root: { type: 'paragraph', children: [text('x')] } }],
    ['a root without type', { root: { children: [p(text('x'))] } }],
    ['a root without children', { root: { type: 'root' } }],
    ['a root with string children', { root: { type: 'root', children: '<p>x</p>' } }],
    ['a bare node list', [p(text('x'))]],
  ])("returns '' for %s", (_label, value) => {
    expect(renderRichText(value)).toBe('')
  })

  it('renders an empty root as an empty string', () => {
    expect(renderRichText(doc())).toBe('')
  })
})

describe('renderRichText: depth and size limits', () => {
  /** `levels` nodes of `type`, each the only child of the previous, with `leaf` at the bottom. */
  function nest(type: string, levels: number, leaf: Node): Node {
    let node = leaf
    for (let i = 0; i < levels; i++) node = { type, children: [node] }
    return node
  }

  it('does not throw on 10,000-deep nesting and drops what lies past maxDepth', () => {
    for (const type of ['paragraph', 'quote', 'link', 'unknown', 'listitem']) {
      const value = doc(p(text('shallow')), nest(type, 10_000, text('DEEP')))
      let html = ''
      expect(() => {
        html = renderRichText(value)
      }).not.toThrow()
      expect(html.startsWith('<p>shallow</p>')).toBe(true)
      expect(html).not.toContain('DEEP')
      expectSafe(html)
    }
  })

  it('keeps the output balanced when deep lists are cut off', () => {
    let node: Node = text('DEEP')
    for (let i = 0; i < 10_000; i++) node = el('list', [el('listitem', [text(`l${i}`), node])], { listType: 'bullet' })
    const html = renderRichText(doc(node))
    expect(html).not.toContain('DEEP')
    expect(html.split('<ul>').length).toBe(html.split('</ul>').length)
    expect(html.split('<li>').length).toBe(html.split('</li>').length)
    expect(html.split('<ul>').length - 1).toBe(16) // 32 levels: a list and an item per level
    expectSafe(html)
  })

  it('cuts at exactly maxDepth (root children are level 1)', () => {
    const value = doc(p(text('level 2')), p(link('/a', [text('level 3')])))
    expect(renderRichText(value, { maxDepth: 3 })).toBe('<p>level 2</p><p><a href="/a">level 3</a></p>')
    expect(renderRichText(value, { maxDepth: 2 })).toBe('<p>level 2</p>')
    expect(renderRichText(value, { maxDepth: 1 })).toBe('')
  })

  it('cuts code text at maxDepth too', () => {
    const value = doc(el('code', [text('a'), { type: 'wrapper', children: [text('b')] }]))
    expect(renderRichText(value, { maxDepth: 2 })).toBe('<pre><code>a</code></pre>')
    expect(renderRichText(value, { maxDepth: 3 })).toBe('<pre><code>ab</code></pre>')
  })

  it('clamps absurd maxDepth values instead of trusting them', () => {
    const deep = doc(nest('unknown', 10_000, text('DEEP')))
    expect(() => renderRichText(deep, { maxDepth: 1e9 })).not.toThrow()
    expect(renderRichText(deep, { maxDepth: 1e9 })).toBe('')
    expect(renderRichText(doc(nest('unknown', 250, text('ok'))), { maxDepth: 1e9 })).toBe('ok')
    expect(renderRichText(doc(nest('unknown', 300, text('DEEP'))), { maxDepth: 1e9 })).toBe('')
    expect(renderRichText(doc(p(text('x'))), { maxDepth: 0 })).toBe('') // clamped to 1: paragraphs, no text
    expect(renderRichText(doc(p(text('x'))), { maxDepth: Number.NaN })).toBe('<p>x</p>')
  })

  it('terminates on cyclic objects (not JSON, but possible from JavaScript callers)', () => {
    const paragraph: Node = { type: 'paragraph', children: [] }
    ;(paragraph.children as unknown[]).push(text('loop'), paragraph)
    const html = renderRichText({ root: { type: 'root', children: [paragraph] } })
    expect(html.split('loop').length - 1).toBe(31)
  })

  it('renders a large document without throwing', () => {
    const children = Array.from({ length: 100_000 }, (_, i) => p(text(`paragraph ${i} <b>`)))
    const html = renderRichText(doc(...children))
    expect(html.split('<p>').length - 1).toBe(100_000)
    expect(html).not.toContain('<b>')
  })

  it('returns an empty string instead of throwing when a getter throws', () => {
    const hostile = {
      get root(): never {
        throw new Error('boom')
      },
    }
    expect(renderRichText(hostile)).toBe('')
    const hostileChild = {
      type: 'root',
      children: [
        p(text('a')),
        Object.defineProperty({ type: 'text' }, 'text', {
          get: () => {
            throw new Error('x')
          },
        }),
      ],
    }
    expect(renderRichText({ root: hostileChild })).toBe('')
  })
})

describe('safeUrl', () => {
  it('returns allowed URLs unchanged and null for everything else', () => {
    expect(safeUrl('/a b')).toBe('/a b')
    expect(safeUrl('https://example.com')).toBe('https://example.com')
    expect(safeUrl('javascript:alert(1)')).toBeNull()
    expect(safeUrl('/\u2028')).toBeNull()
  })
})
