import type { Block } from 'payload'

export const ProjectsGrid: Block = {
  slug: 'projectsGrid',
  interfaceName: 'ProjectsGridBlock',
  labels: { singular: 'Projects grid', plural: 'Projects grids' },
  fields: [
    { name: 'heading', type: 'text', maxLength: 120 },
    { name: 'intro', type: 'textarea', maxLength: 300 },
    { name: 'projects', type: 'relationship', relationTo: 'projects', hasMany: true },
    {
      name: 'limit',
      type: 'number',
      min: 1,
      max: 24,
      defaultValue: 6,
      admin: { description: 'When no projects are picked, show this many, featured first.' },
    },
  ],
}
