/**
 * All-or-nothing file changes. Every file the scaffold writes, edits or lets another program
 * change (Payload's migration and type generators) is remembered as it was first; a failure or
 * Ctrl-C puts each back and removes what was created, so a half-finished run leaves the tree as
 * it was. The backups are in memory and restored with synchronous calls, so a signal handler can
 * finish the job before the process exits.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface Change {
  path: string
  kind: 'created' | 'changed'
}

export class FileTransaction {
  /** Absolute path → content before the run, or null when the file did not exist. */
  private readonly originals = new Map<string, string | null>()
  /** Folders this run created, deepest last. */
  private readonly createdDirs: string[] = []

  constructor(readonly root: string) {}

  private abs(rel: string): string {
    return path.resolve(this.root, rel)
  }

  /** Remembers the file as it is now (once), before anyone changes it. */
  protect(rel: string): void {
    const file = this.abs(rel)
    if (this.originals.has(file)) return
    this.originals.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null)
  }

  read(rel: string): string {
    return fs.readFileSync(this.abs(rel), 'utf8')
  }

  exists(rel: string): boolean {
    return fs.existsSync(this.abs(rel))
  }

  /** Writes a new file; refuses to overwrite one (a scaffold never replaces hand-written code). */
  create(rel: string, content: string): void {
    const file = this.abs(rel)
    if (fs.existsSync(file)) throw new Error(`${rel} already exists; not overwriting it.`)
    this.mkdirs(path.dirname(file))
    this.protect(rel)
    fs.writeFileSync(file, content)
  }

  /** Rewrites an existing file through `change`, which must actually change it. */
  edit(rel: string, change: (text: string) => string): void {
    const before = this.read(rel)
    const after = change(before)
    if (after === before) throw new Error(`${rel}: the expected place to edit was not found.`)
    this.protect(rel)
    fs.writeFileSync(this.abs(rel), after)
  }

  /**
   * Lets another program add files to `dir` (and change the files listed in `alsoChanges`); what
   * appeared is recorded as created. Call the returned function once the program has finished.
   */
  watch(dir: string, alsoChanges: string[] = []): () => string[] {
    for (const rel of alsoChanges) this.protect(rel)
    const abs = this.abs(dir)
    const before = new Set(fs.existsSync(abs) ? fs.readdirSync(abs) : [])
    // Recorded now as well, so files written before a failure (or Ctrl-C) are removed too.
    const pending = { dir: abs, before }
    this.watching.push(pending)
    return () => {
      this.watching.splice(this.watching.indexOf(pending), 1)
      return this.collect(pending).map((file) => path.relative(this.root, file))
    }
  }

  private readonly watching: Array<{ dir: string; before: Set<string> }> = []

  private collect({ dir, before }: { dir: string; before: Set<string> }): string[] {
    const appeared = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
      .filter((entry) => !before.has(entry))
      .map((entry) => path.join(dir, entry))
    for (const file of appeared) if (!this.originals.has(file)) this.originals.set(file, null)
    return appeared
  }

  private mkdirs(dir: string): void {
    const missing: string[] = []
    for (let current = dir; !fs.existsSync(current); current = path.dirname(current)) missing.unshift(current)
    for (const folder of missing) {
      fs.mkdirSync(folder)
      this.createdDirs.push(folder)
    }
  }

  /** What this run created or changed, relative to the root, in the order it happened. */
  changes(): Change[] {
    const changes: Change[] = []
    for (const [file, original] of this.originals) {
      const now = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null
      if (now === original) continue
      changes.push({ path: path.relative(this.root, file), kind: original === null ? 'created' : 'changed' })
    }
    return changes
  }

  /** Puts every file back as it was and removes what the run created. Synchronous on purpose (signal handlers). */
  rollback(): void {
    for (const pending of [...this.watching]) this.collect(pending)
    this.watching.length = 0
    for (const [file, original] of [...this.originals].reverse()) {
      if (original === null) fs.rmSync(file, { force: true, recursive: true })
      else fs.writeFileSync(file, original)
    }
    for (const dir of [...this.createdDirs].reverse()) fs.rmSync(dir, { force: true, recursive: true })
    this.originals.clear()
    this.createdDirs.length = 0
  }
}

/**
 * Runs `work` against a fresh transaction: kept when it resolves, rolled back when it throws or
 * the process is interrupted (SIGINT, SIGTERM), in which case the process exits with 130.
 */
export async function inTransaction<T>(
  root: string,
  work: (tx: FileTransaction) => Promise<T>,
  onInterrupt?: () => void,
): Promise<{ result: T; changes: Change[] }> {
  const tx = new FileTransaction(root)
  const interrupted = () => {
    onInterrupt?.()
    tx.rollback()
    process.stderr.write('\nInterrupted: every change was rolled back.\n')
    process.exit(130)
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    const result = await work(tx)
    return { result, changes: tx.changes() }
  } catch (error) {
    tx.rollback()
    throw error
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
  }
}
