/**
 * Maps a concrete path to a bounded route label for metrics and logs:
 * `/api/v1/posts/42` → `/api/v1/posts/:id`. Unknown collections collapse to one label.
 */
export function routeTemplate(path: string, apiRoute: string, slugs: ReadonlySet<string>): string {
  if (path === '/health' || path === '/ready' || path === '/metrics') return path
  if (path.startsWith('/_next/')) return '/_next/*'
  if (path === '/admin' || path.startsWith('/admin/')) return '/admin/*'
  if (!path.startsWith(`${apiRoute}/`)) return 'other'
  const [first, second, third] = path.slice(apiRoute.length + 1).split('/')
  if (first === 'graphql' || first === 'graphql-playground' || first === 'openapi.json') return `${apiRoute}/${first}`
  if (first === 'globals')
    return slugs.has(`global:${second}`) ? `${apiRoute}/globals/${second}` : `${apiRoute}/globals/:unknown`
  if (!slugs.has(first)) return `${apiRoute}/:unknown`
  if (second === undefined || second === '') return `${apiRoute}/${first}`
  if (
    [
      'count',
      'versions',
      'login',
      'logout',
      'me',
      'forgot-password',
      'reset-password',
      'refresh-token',
      'unlock',
      'access',
      'init',
      'first-register',
    ].includes(second)
  ) {
    return third ? `${apiRoute}/${first}/${second}/:id` : `${apiRoute}/${first}/${second}`
  }
  if (second === 'file') return `${apiRoute}/${first}/file/:filename`
  return `${apiRoute}/${first}/:id${third ? '/*' : ''}`
}
