/**
 * GraphQL twins of the schedule endpoint: `schedule(collection, id, action, at)` and
 * `cancelSchedule(collection, id, job)`, with the same rules (they call the same functions), plus the
 * query `schedules(collection, id)`.
 */
import type { GraphQLExtension, PayloadRequest } from 'payload'

import { cancelSchedule, listSchedules, scheduleChange } from './schedule'

interface Context {
  req: PayloadRequest
}

export const scheduleGraphql = (): { queries: GraphQLExtension; mutations: GraphQLExtension } => {
  // One type object shared by the query and the mutations (GraphQL refuses two types of one name).
  let changeType: unknown
  const scheduledChange = (GraphQL: Parameters<GraphQLExtension>[0]) =>
    (changeType ??= new GraphQL.GraphQLObjectType({
      name: 'ScheduledChange',
      fields: {
        id: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLID) },
        action: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLString), description: '"publish" or "unpublish"' },
        at: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLString), description: 'ISO 8601 time' },
      },
    })) as InstanceType<Parameters<GraphQLExtension>[0]['GraphQLObjectType']>
  const target = (GraphQL: Parameters<GraphQLExtension>[0]) => ({
    collection: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLString) },
    id: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLID) },
  })
  return {
    queries: (GraphQL) => ({
      schedules: {
        type: new GraphQL.GraphQLNonNull(new GraphQL.GraphQLList(new GraphQL.GraphQLNonNull(scheduledChange(GraphQL)))),
        description: 'Pending scheduled publish/unpublish of a document, soonest first.',
        args: target(GraphQL),
        resolve: (_: unknown, args: { collection: string; id: string }, context: Context) =>
          listSchedules(context.req, args.collection, args.id),
      },
    }),
    mutations: (GraphQL) => ({
      schedule: {
        type: new GraphQL.GraphQLNonNull(scheduledChange(GraphQL)),
        description:
          'Schedule a publish or unpublish of a document (whoever may publish it), at an ISO time in the future.',
        args: {
          ...target(GraphQL),
          action: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLString) },
          at: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLString) },
        },
        resolve: (_: unknown, args: { collection: string; id: string; action: string; at: string }, context: Context) =>
          scheduleChange(context.req, args.collection, args.id, { action: args.action, at: args.at }),
      },
      cancelSchedule: {
        type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLBoolean),
        description: 'Cancel a pending scheduled change; false when there was none with that id.',
        args: { ...target(GraphQL), job: { type: new GraphQL.GraphQLNonNull(GraphQL.GraphQLID) } },
        resolve: (_: unknown, args: { collection: string; id: string; job: string }, context: Context) =>
          cancelSchedule(context.req, args.collection, args.id, args.job),
      },
    }),
  }
}
