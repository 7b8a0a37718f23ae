/** What `npm start` does to an empty database, per environment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { seedIfEmpty } from '../../src/cli/boot'
import { DEFAULT_ADMIN_EMAIL } from '../../src/seed'
import { login, startTestCms, type TestCms } from '../helpers/cms'

let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})

afterAll(async () => {
  await cms?.stop()
})

const count = async (collection: 'users' | 'pages' | 'posts') =>
  (await cms.payload.count({ collection, overrideAccess: true })).totalDocs

describe('first start', () => {
  it('in production creates no default account and no demo content', async () => {
    const production = {
      ...cms.env,
      appEnv: 'production' as const,
      isProduction: true,
      isDevelopment: false,
      seedOnStart: false,
    }
    expect(await seedIfEmpty(cms.payload, production, () => undefined)).toEqual({ created: 0, existing: 0 })
    expect(await count('users')).toBe(0)
    expect(await count('pages')).toBe(0)
  })

  it('elsewhere seeds demo content and generates a first admin whose password is shown once', async () => {
    const lines: string[] = []
    const first = await seedIfEmpty(cms.payload, cms.env, (line) => lines.push(line))
    expect(first?.created).toBeGreaterThan(40)
    expect(first?.admin?.email).toBe(DEFAULT_ADMIN_EMAIL)
    expect(first?.admin?.password).toMatch(/^[A-Za-z0-9_-]{20}$/)
    expect(lines).toContain('seed: posts')
    expect(await count('posts')).toBe(13)
    await login(cms, DEFAULT_ADMIN_EMAIL, first?.admin?.password as string)
  })

  it('does nothing on the next start', async () => {
    expect(await seedIfEmpty(cms.payload, cms.env, () => undefined)).toEqual({ created: 0, existing: 0 })
    expect(await count('users')).toBe(1)
  })
})
