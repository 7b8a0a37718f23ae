/**
 * `npm run new:collection -- <slug> [--routed] [--previewable] [--in-nav] [--json]`
 * `npm run new:block -- <name> [--json]`
 *
 * Writes a working collection (or page-builder block) and everything that must agree with it:
 * CMS config, registry, site file, view and pages, seed stub, both SQL migrations and the
 * generated types. Refuses an invalid, reserved or taken name before writing anything; any
 * failure or Ctrl-C rolls every file back. Progress goes to stderr, the summary to stdout.
 */
import { BLOCK_SLUGS, COLLECTIONS, COLLECTION_ROUTES } from '@mspn/contract'
import path from 'node:path'
import { parseArgs } from 'node:util'

import * as edit from './edits'
import { formatChanged } from './format'
import { createMigration, generateBlocks, generateTypes, stopGenerators } from './migrations'
import { blockNameProblem, collectionSlugProblem, namesOf, sitePageNames, type Names, type Taken } from './names'
import { repoRoot, TARGETS } from './paths'
import * as template from './templates'
import { inTransaction, type Change, type FileTransaction } from './transaction'

type Step = [label: string, run: (tx: FileTransaction) => void | Promise<unknown>]

export function takenInTree(root: string): Taken {
  return {
    collections: Object.keys(COLLECTIONS),
    blocks: BLOCK_SLUGS,
    routes: Object.values(COLLECTION_ROUTES).map((route) => route.replace(/^\//, '')),
    sitePages: sitePageNames(path.join(root, TARGETS.sitePages)),
  }
}

export function collectionSteps(n: Names, options: template.CollectionOptions): Step[] {
  const steps: Step[] = [
    ['collection config', (tx) => tx.create(TARGETS.collection(n.pascal), template.collectionConfig(n))],
    ['CMS config', (tx) => tx.edit(TARGETS.cmsConfig, (text) => edit.configWithCollection(text, n))],
    [
      'registry entry',
      (tx) =>
        tx.edit(TARGETS.registry, (text) => edit.registryWithCollection(text, template.registryEntry(n, options))),
    ],
    [
      'seed stub',
      (tx) => tx.edit(TARGETS.seedIndex, (text) => edit.seedWithCollection(text, n, options, template.seedStub(n))),
    ],
  ]
  if (options.routed) {
    steps.push(
      ['site file', (tx) => tx.create(TARGETS.siteCollection(n.camel), template.siteCollection(n))],
      [
        'site collections list',
        (tx) => tx.edit(TARGETS.siteCollectionsIndex, (text) => edit.siteCollectionsWithCollection(text, n, options)),
      ],
      ['site view', (tx) => tx.create(TARGETS.siteView(n.pascal), template.siteView(n))],
      ['site index page', (tx) => tx.create(TARGETS.siteIndexPage(n.slug), template.siteIndexPage(n))],
      ['site document page', (tx) => tx.create(TARGETS.siteDocumentPage(n.slug), template.siteDocumentPage(n))],
    )
  }
  if (options.previewable) {
    steps.push([
      'draft preview page',
      (tx) => tx.edit(TARGETS.sitePreviewPage, (text) => edit.previewPageWithCollection(text, n)),
    ])
  }
  return [...steps, ...schemaSteps(n.slug.replace(/-/g, '_'))]
}

export function blockSteps(n: Names): Step[] {
  return [
    ['block config', (tx) => tx.create(TARGETS.block(n.pascal), template.blockConfig(n))],
    ['page blocks list', (tx) => tx.edit(TARGETS.blocksIndex, (text) => edit.blocksIndexWithBlock(text, n))],
    ['site renderer', (tx) => tx.create(TARGETS.siteBlockRenderer(n.pascal), template.blockRenderer(n))],
    ...schemaSteps(`block_${n.camel}`),
    ['block schemas and registry (generate:blocks)', (tx) => generateBlocks(tx)],
  ]
}

function schemaSteps(migrationName: string): Step[] {
  return [
    // Side by side: separate folders, and the same payload-types.ts content if both regenerate it.
    [
      'SQLite and PostgreSQL migrations',
      (tx) =>
        Promise.all([createMigration(tx, 'sqlite', migrationName), createMigration(tx, 'postgres', migrationName)]),
    ],
    ['payload-types.ts', (tx) => generateTypes(tx)],
  ]
}

/** Every file the run wrote, in the repository's format (Prettier; ignored files stay as generated). */
const formatStep: Step = ['format (Prettier)', (tx) => formatChanged(tx)]

export async function runSteps(root: string, steps: Step[], progress: (line: string) => void): Promise<Change[]> {
  const all = [...steps, formatStep]
  const { changes } = await inTransaction(
    root,
    async (tx) => {
      for (const [index, [label, run]] of all.entries()) {
        const started = Date.now()
        progress(`[${index + 1}/${all.length}] ${label}…`)
        await run(tx)
        progress(`[${index + 1}/${all.length}] ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      }
    },
    stopGenerators,
  )
  return changes
}

function nextSteps(kind: 'collection' | 'block', n: Names, options?: template.CollectionOptions): string[] {
  if (kind === 'block') {
    return [
      `Add the block's fields in ${TARGETS.block(n.pascal)}, then \`npm run migrate:create --workspace cms -- <name>\` (with DATABASE_URL for each SQL database) and \`npm run generate:types --workspace cms\` (which regenerates the site's block schemas too).`,
      `Render them in ${TARGETS.siteBlockRenderer(n.pascal)}.`,
    ]
  }
  return [
    `Add fields in ${TARGETS.collection(n.pascal)}, then \`npm run migrate:create --workspace cms -- <name>\` (with DATABASE_URL for each SQL database) and \`npm run generate:types --workspace cms\`.`,
    ...(options?.routed
      ? [
          `Ask for and check the new fields in ${TARGETS.siteCollection(n.camel)}; show them in ${TARGETS.siteView(n.pascal)}.`,
        ]
      : []),
    `Replace the seed example in ${TARGETS.seedIndex}, or delete it.`,
  ]
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      routed: { type: 'boolean' },
      previewable: { type: 'boolean' },
      'in-nav': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
  const [kind, name] = positionals
  const fail = (message: string): number => {
    if (values.json) process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`)
    process.stderr.write(`${message}\nNothing was written.\n`)
    return 1
  }
  if ((kind !== 'collection' && kind !== 'block') || !name || positionals.length > 2) {
    return fail(
      'Usage: npm run new:collection -- <slug> [--routed] [--previewable] [--in-nav] [--json]\n       npm run new:block -- <name> [--json]',
    )
  }
  const options = {
    routed: values.routed === true,
    previewable: values.previewable === true,
    inNav: values['in-nav'] === true,
  }
  const taken = takenInTree(repoRoot)
  const problem = kind === 'collection' ? collectionSlugProblem(name, taken) : blockNameProblem(name, taken)
  if (problem) return fail(problem)
  if (kind === 'collection' && options.previewable && !options.routed)
    return fail('--previewable needs --routed: a draft preview shows the document on its page.')
  if (kind === 'collection' && options.inNav && !options.routed)
    return fail('--in-nav needs --routed: the navigation links to the section page.')
  if (kind === 'block' && (options.routed || options.previewable || options.inNav))
    return fail('new:block takes only a name (and --json).')

  const names = namesOf(name)
  const steps = kind === 'collection' ? collectionSteps(names, options) : blockSteps(names)
  const progress = (line: string) => process.stderr.write(`${line}\n`)
  let changes: Change[]
  try {
    changes = await runSteps(repoRoot, steps, progress)
  } catch (error) {
    return fail(
      `Scaffold failed, every change was rolled back: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const next = nextSteps(kind, names, options)
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: true, kind, slug: kind === 'collection' ? names.slug : names.camel, options, changes, next })}\n`,
    )
  } else {
    const lines = [
      `Scaffolded ${kind} ${kind === 'collection' ? names.slug : names.camel}:`,
      ...changes.map((change) => `  ${change.kind === 'created' ? '+' : '~'} ${change.path}`),
      '',
      'Next:',
      ...next.map((line) => `  - ${line}`),
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
  }
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2))
}
