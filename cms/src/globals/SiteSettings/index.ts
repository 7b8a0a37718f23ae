import type { GlobalConfig } from 'payload'
import { globalVersions } from '../../collections/versioning'
import { isAdmin } from '../../access/isAdmin'
import { isEditorOrAbove, isEditorOrAboveField } from '../../access/isEditorOrAbove'
import { publishedOrEditor } from '../../access/publishedOrEditor'
import { validateUrl } from '../../fields/link'
import { seoField } from '../../fields/seo'

export const SOCIAL_PLATFORMS = ['github', 'linkedin', 'x', 'mastodon', 'bluesky', 'youtube', 'dribbble'] as const

export const SiteSettings: GlobalConfig = {
  slug: 'site-settings',
  label: 'Site settings',
  admin: { group: 'Settings' },
  access: { read: publishedOrEditor, readVersions: isEditorOrAbove, update: isAdmin },
  versions: globalVersions,
  fields: [
    { name: 'siteName', type: 'text', required: true, defaultValue: 'MSPN DEV', maxLength: 60 },
    { name: 'tagline', type: 'text', maxLength: 160 },
    { name: 'contactEmail', type: 'email' },
    {
      name: 'socials',
      type: 'array',
      maxRows: 10,
      fields: [
        {
          name: 'platform',
          type: 'select',
          required: true,
          options: SOCIAL_PLATFORMS.map((p) => ({ label: p, value: p })),
        },
        { name: 'url', type: 'text', required: true, validate: validateUrl },
      ],
    },
    {
      // Who hears about contact-form inquiries (collections/Inquiries/notifyInquiry.ts). Staff only:
      // the site's public read of these settings never sees the addresses or the reply text.
      name: 'inquiryEmails',
      type: 'group',
      label: 'Inquiry emails',
      access: { read: isEditorOrAboveField },
      admin: {
        description:
          'Each new inquiry is emailed to the recipients (or to the contact email when there are none), retried while the mail server is down.',
      },
      fields: [
        {
          name: 'recipients',
          type: 'array',
          maxRows: 20,
          labels: { singular: 'Recipient', plural: 'Recipients' },
          fields: [{ name: 'email', type: 'email', required: true }],
        },
        {
          name: 'acknowledge',
          type: 'checkbox',
          label: 'Send an acknowledgement to the sender',
          defaultValue: false,
        },
        {
          name: 'acknowledgementSubject',
          type: 'text',
          maxLength: 150,
          defaultValue: 'We received your message',
          admin: { condition: (_, siblingData) => Boolean(siblingData?.acknowledge) },
        },
        {
          name: 'acknowledgementText',
          type: 'textarea',
          maxLength: 4000,
          defaultValue:
            'Thank you for getting in touch. We read every message and will answer within two working days.',
          admin: {
            description: "Plain text; the sender's name is greeted first and their message is quoted below it.",
            condition: (_, siblingData) => Boolean(siblingData?.acknowledge),
          },
        },
      ],
    },
    seoField({ overrides: { name: 'defaultSeo', label: 'Default SEO' } }),
    {
      name: 'analytics',
      type: 'group',
      fields: [
        { name: 'plausibleDomain', type: 'text', maxLength: 100 },
        {
          name: 'googleAnalyticsId',
          type: 'text',
          validate: (value: unknown) =>
            !value || /^G-[A-Z0-9]{4,12}$/.test(String(value)) ? true : 'Looks like G-XXXXXXX.',
        },
        { name: 'sentryDsn', type: 'text', validate: validateUrl },
      ],
    },
    {
      name: 'features',
      type: 'group',
      label: 'Feature flags',
      admin: { description: 'Hide whole sections of the site without deleting content.' },
      fields: [
        { name: 'blog', type: 'checkbox', defaultValue: true },
        { name: 'portfolio', type: 'checkbox', defaultValue: true },
        { name: 'demos', type: 'checkbox', defaultValue: true },
        { name: 'contactForm', type: 'checkbox', defaultValue: true },
      ],
    },
  ],
}
