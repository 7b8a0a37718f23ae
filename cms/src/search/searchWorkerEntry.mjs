/**
 * The search worker's entry (searchHost.ts starts it with no Node options of its own): plain
 * JavaScript, so it loads without a loader, then registers tsx for this thread and runs the worker.
 */
import { register } from 'tsx/esm/api'

register()
await import('./searchWorker.ts')
