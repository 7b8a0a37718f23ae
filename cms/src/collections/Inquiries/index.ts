import type { CollectionConfig } from 'payload'
import { anyone } from '../../access/anyone'
import { isAdmin } from '../../access/isAdmin'
import { isEditorOrAbove, isEditorOrAboveField } from '../../access/isEditorOrAbove'
import {
  CONTACT_BUDGET_LABELS,
  CONTACT_BUDGETS,
  CONTACT_HONEYPOT_FIELD as HONEYPOT_FIELD,
  CONTACT_LIMITS as LIMITS,
  CONTACT_STARTED_AT_FIELD as STARTED_AT_FIELD,
} from '@mspn/contract/contact'
import { exportCsvEndpoint } from './exportCsv'
import { flagSpam } from './hooks/flagSpam'
import { markRead } from './hooks/markRead'
import { queueNotification } from './hooks/queueNotification'
import { screenInquiry } from './hooks/screenInquiry'
import { unreadCountEndpoint } from './unreadCount'

export const INQUIRY_STATUSES = ['new', 'in-progress', 'closed'] as const

/** Contact details: written by anyone through the form, read only by editors and admins. */
const privateField = { read: isEditorOrAboveField, update: isEditorOrAboveField }
/** Staff's own fields: the public form can neither set nor see them. */
const staffField = { read: isEditorOrAboveField, create: isEditorOrAboveField, update: isEditorOrAboveField }
/** Written by the server only (hooks, the notification job), read by staff. */
const systemField = { read: isEditorOrAboveField, create: () => false, update: () => false }

export const Inquiries: CollectionConfig = {
  slug: 'inquiries',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'company', 'status', 'read', 'assignee', 'createdAt'],
    listSearchableFields: ['name', 'email', 'company', 'message'],
    group: 'Leads',
    components: { beforeListTable: ['/collections/Inquiries/components/ExportCsvButton#ExportCsvButton'] },
  },
  access: {
    create: anyone,
    read: isEditorOrAbove,
    update: isEditorOrAbove,
    delete: isAdmin,
  },
  defaultSort: '-createdAt',
  hooks: {
    beforeOperation: [screenInquiry],
    beforeChange: [flagSpam, markRead],
    afterChange: [queueNotification],
  },
  // Before Payload's own `/:id` routes, so these words are not taken for ids.
  endpoints: [exportCsvEndpoint, unreadCountEndpoint],
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: LIMITS.name, access: privateField },
    { name: 'email', type: 'email', required: true, access: privateField },
    { name: 'company', type: 'text', maxLength: LIMITS.company, access: privateField },
    {
      name: 'message',
      type: 'textarea',
      required: true,
      minLength: LIMITS.messageMin,
      maxLength: LIMITS.message,
      access: privateField,
    },
    {
      name: 'budget',
      type: 'select',
      options: CONTACT_BUDGETS.map((value) => ({ label: CONTACT_BUDGET_LABELS[value], value })),
      access: privateField,
    },
    {
      name: 'sourcePage',
      type: 'text',
      maxLength: LIMITS.sourcePage,
      access: { read: isEditorOrAboveField, update: isEditorOrAboveField },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'new',
      options: INQUIRY_STATUSES.map((value) => ({ label: value.replace('-', ' '), value })),
      access: { create: isEditorOrAboveField, update: isEditorOrAboveField },
      admin: { position: 'sidebar' },
    },
    {
      name: 'read',
      type: 'checkbox',
      defaultValue: false,
      access: staffField,
      admin: {
        position: 'sidebar',
        description: 'Unread inquiries are counted in the navigation. Set when the status moves on from new.',
      },
    },
    {
      name: 'readAt',
      type: 'date',
      access: systemField,
      admin: {
        position: 'sidebar',
        readOnly: true,
        date: { pickerAppearance: 'dayAndTime' },
        condition: (data) => Boolean(data?.read),
      },
    },
    {
      name: 'assignee',
      type: 'relationship',
      relationTo: 'users',
      access: staffField,
      filterOptions: { role: { in: ['editor', 'admin'] } },
      admin: { position: 'sidebar' },
    },
    {
      name: 'spam',
      type: 'checkbox',
      defaultValue: false,
      access: staffField,
      admin: { position: 'sidebar', description: 'Spam is not emailed and not counted as unread.' },
    },
    {
      name: 'notifiedAt',
      type: 'date',
      access: systemField,
      admin: {
        position: 'sidebar',
        readOnly: true,
        date: { pickerAppearance: 'dayAndTime' },
        description: 'When the notification email went to the recipients in Site settings.',
      },
    },
    {
      name: 'acknowledgedAt',
      type: 'date',
      access: systemField,
      admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'notes',
      type: 'textarea',
      maxLength: 10_000,
      access: staffField,
      admin: { description: 'Internal: never sent to the sender.' },
    },
    // The contact form's anti-spam inputs (hooks/screenInquiry.ts): declared so GraphQL's
    // `createInquiry(data:)` accepts them; virtual and hidden, so never stored or returned.
    { name: HONEYPOT_FIELD, type: 'text', virtual: true, hidden: true },
    // JSON, so GraphQL takes epoch milliseconds (beyond Int) as well as an ISO date.
    { name: STARTED_AT_FIELD, type: 'json', virtual: true, hidden: true },
  ],
  timestamps: true,
}
