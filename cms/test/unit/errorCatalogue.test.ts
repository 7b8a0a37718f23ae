/**
 * The error catalogue (@mspn/contract/errors) is the only place an error code is declared: this
 * reads the source of both sides and fails on a code that is not in it, on a code written as a
 * string in the CMS instead of taken from the catalogue, and on an entry neither side uses.
 */
import fs from 'node:fs'
import path from 'node:path'

import { ERROR_CODES, isErrorCode } from '@mspn/contract/errors'
import { describe, expect, it } from 'vitest'

const CMS_SRC = path.resolve(import.meta.dirname, '../../src')
const SITE_SRC = path.resolve(import.meta.dirname, '../../../site/src')
const SOURCE = /\.(ts|tsx|mts|mjs|astro)$/
/** Generated or frozen files that hold no error handling. */
const SKIPPED = [/payload-types\.ts$/, /[\\/]migrations[\\/]/, /importMap\.js$/]

/** An upper-case literal given to, or compared with, something named `code` (`code: 'X'`, `error.code === 'X'`, `fieldCode = 'X'`). */
const CODE_LITERAL = /\b\w*[cC]ode\s*(?::|={1,3}|!==?)\s*(['"`])([A-Z][A-Z0-9_]{2,})\1/g
/** A code built at run time (`code: \`PREFIX_${x}\``): the scan could not check it. */
const DYNAMIC_CODE = /\b\w*[cC]ode\s*(?::|={1,3}|!==?)\s*`([A-Z][A-Z0-9_]*)\$\{/g
/** Any upper-snake string literal (the CMS must take catalogue codes from ERRORS, never spell them). Not backticks: comments name codes so. */
const UPPER_LITERAL = /(['"])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\1/g
/** Codes of other namespaces that a `code` is compared with: Node's errno names, zlib and SQLite result codes. Never sent. */
const FOREIGN_CODE = /^(E[A-Z]+|EAI_[A-Z]+|Z_[A-Z_]+|SQLITE_[A-Z_]+)$/
/** The site's code for a CMS answer without an envelope (a proxy's HTML 502): `HTTP_<status>`, see site/src/cms/envelope.ts. */
const DYNAMIC_ALLOWED = new Set(['HTTP_'])

interface Finding {
  file: string
  line: number
  text: string
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !SKIPPED.some((pattern) => pattern.test(file)))
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length
}

function scan(
  files: Record<string, string>,
  pattern: RegExp,
  group: number,
  keep: (value: string) => boolean,
): Finding[] {
  const found: Finding[] = []
  for (const [file, text] of Object.entries(files)) {
    for (const match of text.matchAll(pattern)) {
      const value = match[group] as string
      if (keep(value)) found.push({ file, line: lineOf(text, match.index), text: value })
    }
  }
  return found
}

/** Codes used as codes that are neither the catalogue's nor another namespace's. */
function unknownCodes(files: Record<string, string>): Finding[] {
  return [
    ...scan(files, CODE_LITERAL, 2, (code) => !isErrorCode(code) && !FOREIGN_CODE.test(code)),
    ...scan(files, DYNAMIC_CODE, 1, (prefix) => !DYNAMIC_ALLOWED.has(prefix)),
  ]
}

/** Catalogue codes spelled as strings instead of taken from ERRORS. */
function spelledCodes(files: Record<string, string>): Finding[] {
  return scan(files, UPPER_LITERAL, 2, isErrorCode)
}

function read(files: string[]): Record<string, string> {
  return Object.fromEntries(
    files.map((file) => [path.relative(path.resolve(CMS_SRC, '../..'), file), fs.readFileSync(file, 'utf8')]),
  )
}

const cms = read(sourceFiles(CMS_SRC))
const site = read(sourceFiles(SITE_SRC))

describe('the error catalogue in use', () => {
  it('reads both source trees', () => {
    expect(Object.keys(cms).length).toBeGreaterThan(50)
    expect(Object.keys(site).length).toBeGreaterThan(50)
    expect(Object.keys(cms)).toContain(path.join('cms', 'src', 'server', 'errors.ts'))
    expect(Object.keys(site)).toContain(path.join('site', 'src', 'contact', 'server.ts'))
  })

  it('finds what it looks for, and only that', () => {
    const sample = {
      'sample.ts': [
        "sendError(res, 400, [{ message: 'x', code: 'NOT_IN_THE_CATALOGUE' }])",
        "if (error.code === 'TOO_FAST') return",
        "const fieldCode = 'ALSO_MADE_UP'",
        'return { code: `PREFIX_${reason}` }',
        "if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error",
        "const methods = new Set(['GET', 'POST']); headers['X-Cache'] = 'MISS'; env.CMS_URL",
      ].join('\n'),
    }
    expect(unknownCodes(sample).map((finding) => `${finding.line}:${finding.text}`)).toEqual([
      '1:NOT_IN_THE_CATALOGUE',
      '3:ALSO_MADE_UP',
      '4:PREFIX_',
    ])
    expect(spelledCodes(sample).map((finding) => finding.text)).toEqual(['TOO_FAST'])
    // The foreign namespaces cannot hide one of ours.
    expect(ERROR_CODES.filter((code) => FOREIGN_CODE.test(code))).toEqual([])
  })

  it('has every code the CMS and the site use', () => {
    expect(unknownCodes({ ...cms, ...site })).toEqual([])
  })

  it('is where the CMS takes its codes from: none is spelled as a string in cms/src', () => {
    expect(spelledCodes(cms)).toEqual([])
  })

  it('has no entry that neither side uses', () => {
    const text = Object.values({ ...cms, ...site }).join('\n')
    const unused = ERROR_CODES.filter((code) => !new RegExp(`\\bERRORS\\.${code}\\b`).test(text))
    expect(unused).toEqual([])
  })
})
