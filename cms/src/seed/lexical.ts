/** Builds Lexical editor state for seed content from a tiny outline: `## ` headings, `- ` list items, paragraphs. */
type LexicalNode = Record<string, unknown>

const text = (value: string): LexicalNode => ({
  type: 'text',
  text: value,
  format: 0,
  style: '',
  mode: 'normal',
  detail: 0,
  version: 1,
})
const element = (type: string, children: LexicalNode[], extra: LexicalNode = {}): LexicalNode => ({
  type,
  children,
  direction: 'ltr',
  format: '',
  indent: 0,
  version: 1,
  ...extra,
})

export interface LexicalDocument {
  root: {
    type: string
    children: { [k: string]: unknown; type: string; version: number }[]
    direction: 'ltr' | 'rtl' | null
    format: '' | 'left' | 'start' | 'center' | 'right' | 'end' | 'justify'
    indent: number
    version: number
  }
  [k: string]: unknown
}

export function richText(outline: string): LexicalDocument {
  const children: LexicalNode[] = []
  let list: LexicalNode[] | undefined
  for (const raw of outline.trim().split('\n')) {
    const line = raw.trim()
    if (line.startsWith('- ')) {
      list ??= []
      list.push(element('listitem', [text(line.slice(2))], { value: list.length + 1 }))
      continue
    }
    if (list) {
      children.push(element('list', list, { listType: 'bullet', start: 1, tag: 'ul' }))
      list = undefined
    }
    if (line === '') continue
    if (line.startsWith('## ')) children.push(element('heading', [text(line.slice(3))], { tag: 'h2' }))
    else children.push(element('paragraph', [text(line)], { textFormat: 0, textStyle: '' }))
  }
  if (list) children.push(element('list', list, { listType: 'bullet', start: 1, tag: 'ul' }))
  return { root: element('root', children) as unknown as LexicalDocument['root'] }
}
