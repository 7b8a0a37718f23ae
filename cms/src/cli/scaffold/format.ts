/**
 * The last step of every run: what the scaffold wrote or changed, in the repository's format, so
 * `npm run lint` (which checks Prettier) passes on a freshly scaffolded tree. Files the
 * repository leaves to their generators (.prettierignore) stay as written.
 */
import path from 'node:path'
import * as prettier from 'prettier'

import type { FileTransaction } from './transaction'

export async function formatChanged(tx: FileTransaction): Promise<void> {
  const ignorePath = path.join(tx.root, '.prettierignore')
  for (const change of tx.changes()) {
    const file = path.join(tx.root, change.path)
    const info = await prettier.getFileInfo(file, { ignorePath })
    if (info.ignored || info.inferredParser === null) continue
    const options = await prettier.resolveConfig(file)
    const text = tx.read(change.path)
    const formatted = await prettier.format(text, { ...options, filepath: file })
    if (formatted !== text) tx.edit(change.path, () => formatted)
  }
}
