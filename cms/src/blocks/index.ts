import type { Block } from 'payload'
import { CallToAction } from './CallToAction'
import { ContactForm } from './ContactForm'
import { DemoEmbed } from './DemoEmbed'
import { Faq } from './Faq'
import { Hero } from './Hero'
import { MediaBlock } from './MediaBlock'
import { ProjectsGrid } from './ProjectsGrid'
import { RichText } from './RichText'
import { ServicesGrid } from './ServicesGrid'
import { Testimonials } from './Testimonials'

/** Every page-builder block, in the order editors see them. */
export const pageBlocks: Block[] = [
  Hero,
  RichText,
  CallToAction,
  MediaBlock,
  ServicesGrid,
  ProjectsGrid,
  Testimonials,
  Faq,
  DemoEmbed,
  ContactForm,
]
