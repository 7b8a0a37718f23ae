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
import { screenInquiry } from './hooks/screenInquiry'

export const INQUIRY_STATUSES = ['new', 'in-progress', 'closed'] as const

/** Contact details: written by anyone through the form, read only by editors and admins. */
const privateField = { read: isEditorOrAboveField, update: isEditorOrAboveField }

export const Inquiries: CollectionConfig = {
  slug: 'inquiries',
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'company', 'status', 'createdAt'], group: 'Leads' },
  access: {
    create: anyone,
    read: isEditorOrAbove,
    update: isEditorOrAbove,
    delete: isAdmin,
  },
  defaultSort: '-createdAt',
  hooks: { beforeOperation: [screenInquiry] },
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
    // The contact form's anti-spam inputs (hooks/screenInquiry.ts): declared so GraphQL's
    // `createInquiry(data:)` accepts them; virtual and hidden, so never stored or returned.
    { name: HONEYPOT_FIELD, type: 'text', virtual: true, hidden: true },
    // JSON, so GraphQL takes epoch milliseconds (beyond Int) as well as an ISO date.
    { name: STARTED_AT_FIELD, type: 'json', virtual: true, hidden: true },
  ],
  timestamps: true,
}
