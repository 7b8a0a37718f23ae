import { describe, expect, it } from 'vitest'

import { routeTemplate } from '../../src/server/routeTemplate'

const slugs = new Set(['posts', 'users', 'media', 'global:navigation'])
const t = (path: string) => routeTemplate(path, '/api/v1', slugs)

describe('route templates for metrics', () => {
  it.each([
    ['/api/v1/posts', '/api/v1/posts'],
    ['/api/v1/posts/42', '/api/v1/posts/:id'],
    ['/api/v1/posts/versions/9', '/api/v1/posts/versions/:id'],
    ['/api/v1/users/login', '/api/v1/users/login'],
    ['/api/v1/media/file/a.png', '/api/v1/media/file/:filename'],
    ['/api/v1/globals/navigation', '/api/v1/globals/navigation'],
    ['/api/v1/globals/whatever', '/api/v1/globals/:unknown'],
    ['/api/v1/random-thing/1', '/api/v1/:unknown'],
    ['/api/v1/graphql', '/api/v1/graphql'],
    ['/admin/collections/posts', '/admin/*'],
    ['/_next/static/chunk.js', '/_next/*'],
    ['/ready', '/ready'],
    ['/wp-login.php', 'other'],
  ])('%s → %s', (path, expected) => {
    expect(t(path)).toBe(expected)
  })
})
