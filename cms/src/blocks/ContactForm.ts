import type { Block } from 'payload'

export const ContactForm: Block = {
  slug: 'contactForm',
  interfaceName: 'ContactFormBlock',
  labels: { singular: 'Contact form', plural: 'Contact forms' },
  fields: [
    { name: 'heading', type: 'text', maxLength: 120 },
    { name: 'intro', type: 'textarea', maxLength: 400 },
    { name: 'submitLabel', type: 'text', defaultValue: 'Send message', maxLength: 40 },
    {
      name: 'successMessage',
      type: 'text',
      defaultValue: 'Thanks! We will get back to you within two working days.',
      maxLength: 200,
    },
    { name: 'showBudget', type: 'checkbox', defaultValue: true },
  ],
}
