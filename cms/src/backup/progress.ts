/**
 * Progress of a backup or restore: per collection (or step) with counts, bytes and an ETA. On a
 * terminal one line is redrawn in place; otherwise (logs, CI) one line per finished step; with
 * `--json` one JSON object per finished step, for machines. Always on stderr: stdout carries the result.
 */
export interface ProgressEvent {
  /** backup: read · media · write; restore: extract · check · write · analyze (PostgreSQL) · media · verify */
  phase: string
  /** The collection, global or file the step is about. */
  item: string
  itemDone: number
  itemTotal: number
  /** Across the phase: units done and expected (rows, files). */
  done: number
  total: number
  /** Bytes produced so far in this phase. */
  bytes: number
  /** A file-level step (media file, archive entry): logs show only the phase's last one. */
  detail?: boolean
}

export type ProgressListener = (event: ProgressEvent) => void

export function formatBytes(bytes: number): string {
  if (bytes >= 1_073_741_824) return `${(bytes / 1_073_741_824).toFixed(1)} GB`
  if (bytes >= 1_048_576) return `${(bytes / 1_048_576).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}

interface Output {
  write: (text: string) => unknown
  isTTY?: boolean
}

export function progressPrinter(label: string, options: { json: boolean; output?: Output }): ProgressListener {
  const output = options.output ?? process.stderr
  const tty = !options.json && Boolean(output.isTTY)
  const phaseStarted = new Map<string, number>()
  return (event) => {
    const now = Date.now()
    if (!phaseStarted.has(event.phase)) phaseStarted.set(event.phase, now)
    const elapsed = (now - phaseStarted.get(event.phase)!) / 1000
    const fraction = event.total > 0 ? event.done / event.total : 1
    const eta = fraction > 0 && fraction < 1 ? Math.round((elapsed / fraction) * (1 - fraction)) : 0
    const finishedItem = event.itemDone >= event.itemTotal && (!event.detail || event.done >= event.total)
    if (options.json) {
      if (finishedItem) output.write(`${JSON.stringify({ label, ...event, etaSeconds: eta })}\n`)
      return
    }
    const line =
      `${label}: ${event.phase} ${event.item} ${event.itemDone}/${event.itemTotal}` +
      ` · ${Math.round(fraction * 100)}% of ${event.total}` +
      (event.bytes > 0 ? ` · ${formatBytes(event.bytes)}` : '') +
      (eta > 0 ? ` · ETA ${eta} s` : '')
    if (tty) {
      output.write(`\r\x1b[K${line}`)
      if (finishedItem && event.done >= event.total) {
        output.write('\n')
      }
      return
    }
    if (finishedItem) output.write(`${line}\n`)
  }
}
