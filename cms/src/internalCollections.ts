/**
 * Payload adds collections of its own (preferences, edit locks, migrations, jobs, key-value). Their
 * configs are not ours to declare, so the few corrections they need are applied to the built config:
 *
 * - `payload-migrations`: Payload lets any signed-in account read and write migration records when
 *   access is checked. Only admins may read them; writes happen in migrations, which bypass access.
 * - `payload-preferences` `DELETE /:key`: Payload's handler fails in the SQL adapters with a 500 when the
 *   key does not exist (a polymorphic-relationship filter in `deleteOne`). Ours deletes through the Local
 *   API by the same filter and answers 404 when there was nothing to delete.
 */
import {
  NotFound,
  UnauthorizedError,
  type Endpoint,
  type PayloadHandler,
  type SanitizedConfig,
  type Where,
} from 'payload'

import { isAdmin } from './access/isAdmin'

const nobody = () => false

const deletePreference: PayloadHandler = async (req) => {
  if (!req.user) throw new UnauthorizedError(req.t)
  const key = String(req.routeParams?.key ?? '')
  const where: Where = {
    and: [
      { key: { equals: key } },
      { 'user.value': { equals: req.user.id } },
      { 'user.relationTo': { equals: req.user.collection } },
    ],
  }
  const { docs } = await req.payload.delete({
    collection: 'payload-preferences',
    where,
    req,
    depth: 0,
    overrideAccess: true,
  })
  if (docs.length === 0) throw new NotFound(req.t)
  return Response.json({ ...docs[0], message: req.t('general:deletedSuccessfully') })
}

export function hardenInternalCollections(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    if (collection.slug === 'payload-migrations') {
      collection.access = { ...collection.access, read: isAdmin, create: nobody, update: nobody, delete: nobody }
    }
    if (collection.slug === 'payload-preferences' && Array.isArray(collection.endpoints)) {
      collection.endpoints = collection.endpoints.map((endpoint: Endpoint) =>
        endpoint.method === 'delete' && endpoint.path === '/:key'
          ? { ...endpoint, handler: deletePreference }
          : endpoint,
      )
    }
  }
  return config
}
