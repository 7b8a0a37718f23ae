/** The demo studio's content: what a newcomer sees after `npm start`. Plain data, no logic. */

export const images = [
  { key: 'hero', label: 'MSPN DEV', alt: 'Abstract blue gradient with the MSPN DEV wordmark', hue: 215 },
  {
    key: 'platform',
    label: 'Platform engineering',
    alt: 'Teal gradient illustration for platform engineering',
    hue: 175,
  },
  { key: 'mobile', label: 'Mobile', alt: 'Violet gradient illustration for mobile apps', hue: 265 },
  { key: 'data', label: 'Data', alt: 'Amber gradient illustration for data work', hue: 35 },
  { key: 'commerce', label: 'Commerce', alt: 'Rose gradient illustration for e-commerce', hue: 340 },
  { key: 'health', label: 'Health', alt: 'Green gradient illustration for health projects', hue: 140 },
  { key: 'logistics', label: 'Logistics', alt: 'Indigo gradient illustration for logistics', hue: 235 },
  { key: 'team', label: 'The team', alt: 'Warm gradient illustration representing the studio team', hue: 15 },
] as const

export type ImageKey = (typeof images)[number]['key']

export const categories = [
  { title: 'Engineering', description: 'How we build: architecture, testing, performance.' },
  { title: 'Design', description: 'Interfaces, accessibility and design systems.' },
  { title: 'Product', description: 'Discovery, delivery and measuring what matters.' },
  { title: 'Company', description: 'News from the studio.' },
]

export const services = [
  {
    title: 'Web applications',
    icon: 'code',
    summary: 'Fast, accessible web apps in TypeScript, from first prototype to a product thousands rely on.',
    features: [
      'React, Astro and Next.js',
      'Design systems',
      'Accessibility audits (WCAG 2.2 AA)',
      'Performance budgets',
    ],
  },
  {
    title: 'Mobile apps',
    icon: 'mobile',
    summary: 'iOS and Android apps from one codebase, with offline sync and native feel.',
    features: ['React Native', 'Offline-first sync', 'App store delivery', 'Crash and usage analytics'],
  },
  {
    title: 'Cloud and platform engineering',
    icon: 'cloud',
    summary: 'Infrastructure as code, CI/CD and observability so your team ships daily without fear.',
    features: ['Kubernetes and serverless', 'Terraform', 'Zero-downtime deploys', 'SLOs and alerting'],
  },
  {
    title: 'Headless CMS and content platforms',
    icon: 'rocket',
    summary: 'Editors publish in seconds, developers extend safely, visitors get a fast site.',
    features: ['Payload CMS', 'Content modelling', 'Migrations from WordPress', 'Preview and scheduling'],
  },
  {
    title: 'Data engineering and analytics',
    icon: 'data',
    summary: 'Pipelines, warehouses and dashboards that answer the questions your business actually asks.',
    features: ['ELT pipelines', 'PostgreSQL tuning', 'Dashboards', 'Data quality checks'],
  },
  {
    title: 'Security reviews',
    icon: 'shield',
    summary: 'Threat modelling, code review and penetration tests, with fixes rather than just findings.',
    features: ['OWASP ASVS reviews', 'Dependency hygiene', 'Auth and access design', 'Incident drills'],
  },
]

export const projects = [
  {
    title: 'Ledgerly: real-time bookkeeping',
    client: 'Ledgerly',
    industry: 'fintech',
    year: 2026,
    image: 'data',
    featured: true,
    summary: 'A bookkeeping SaaS rebuilt for real-time reconciliation across 40,000 small businesses.',
    stack: ['TypeScript', 'PostgreSQL', 'Kafka', 'React'],
    results: [
      { value: '12×', label: 'faster month-end close' },
      { value: '99.98%', label: 'uptime over 12 months' },
    ],
  },
  {
    title: 'CareLine patient portal',
    client: 'CareLine Clinics',
    industry: 'health',
    year: 2025,
    image: 'health',
    featured: true,
    summary: 'An accessible patient portal for booking, results and secure messaging across 60 clinics.',
    stack: ['Astro', 'Payload CMS', 'Node.js', 'FHIR'],
    results: [
      { value: '-45%', label: 'phone bookings' },
      { value: 'AA', label: 'WCAG 2.2 conformance' },
    ],
  },
  {
    title: 'Northwind fleet tracker',
    client: 'Northwind Freight',
    industry: 'logistics',
    year: 2025,
    image: 'logistics',
    featured: true,
    summary: 'Live tracking of 2,300 trucks with route replay and predictive arrival times.',
    stack: ['React Native', 'Go', 'TimescaleDB', 'Mapbox'],
    results: [
      { value: '18%', label: 'less idle time' },
      { value: '4 min', label: 'median ETA error' },
    ],
  },
  {
    title: 'Tessera storefront',
    client: 'Tessera Ceramics',
    industry: 'retail',
    year: 2024,
    image: 'commerce',
    featured: false,
    summary: 'A headless storefront with a content-rich catalogue, moving off a slow monolith.',
    stack: ['Astro', 'Payload CMS', 'Stripe', 'Cloudflare'],
    results: [
      { value: '2.1×', label: 'conversion rate' },
      { value: '0.8 s', label: 'largest contentful paint' },
    ],
  },
  {
    title: 'Lumen learning platform',
    client: 'Lumen Academy',
    industry: 'education',
    year: 2024,
    image: 'mobile',
    featured: false,
    summary: 'Course authoring and offline-capable mobile lessons for 120,000 learners.',
    stack: ['React', 'React Native', 'PostgreSQL', 'S3'],
    results: [
      { value: '3×', label: 'lesson completion' },
      { value: '4.8★', label: 'app store rating' },
    ],
  },
  {
    title: 'Civic permits online',
    client: 'City of Eastbrook',
    industry: 'public-sector',
    year: 2023,
    image: 'platform',
    featured: false,
    summary: 'Building permits moved from paper to a guided online service with status tracking.',
    stack: ['Next.js', 'Node.js', 'PostgreSQL', 'Azure'],
    results: [
      { value: '9 days', label: 'shorter average approval' },
      { value: '87%', label: 'applications filed online' },
    ],
  },
]

export const testimonials = [
  {
    quote: 'They shipped in eight weeks what our last vendor could not in a year, and the code is a pleasure to own.',
    authorName: 'Priya Raman',
    authorRole: 'CTO',
    company: 'Ledgerly',
  },
  {
    quote: 'Our editors publish without calling a developer, and the site is faster than ever.',
    authorName: 'Marcus Lee',
    authorRole: 'Head of Digital',
    company: 'CareLine Clinics',
  },
  {
    quote: 'Clear estimates, weekly demos, no surprises. Exactly what a public project needs.',
    authorName: 'Elena Fischer',
    authorRole: 'Programme Manager',
    company: 'City of Eastbrook',
  },
  {
    quote: 'The fleet tracker paid for itself in one quarter.',
    authorName: 'Tom Okafor',
    authorRole: 'Operations Director',
    company: 'Northwind Freight',
  },
  {
    quote: 'A team that cares about accessibility as much as we do.',
    authorName: 'Sofia Marin',
    authorRole: 'Product Lead',
    company: 'Lumen Academy',
  },
]

export const demos = [
  {
    title: 'Project cost estimator',
    kind: 'cost-estimator',
    image: 'commerce',
    summary: 'Pick features and a timeline; see a budget range and team shape instantly.',
    settings: {
      currency: 'EUR',
      dayRate: 720,
      features: { auth: 6, payments: 8, cms: 5, search: 4, mobile: 20, analytics: 3 },
    },
  },
  {
    title: 'Live API explorer',
    kind: 'api-explorer',
    image: 'platform',
    summary: 'Query this site’s own content API from your browser and inspect the JSON it returns.',
    settings: { collections: ['posts', 'projects', 'services'], defaultLimit: 3 },
  },
  {
    title: 'Performance budget chart',
    kind: 'performance-chart',
    image: 'data',
    summary: 'Compare page weight and load time of typical stacks against a 100 KB budget.',
    settings: {
      budgetKb: 100,
      series: [
        { name: 'Static Astro', kb: 24 },
        { name: 'Typical SPA', kb: 480 },
        { name: 'WordPress theme', kb: 910 },
      ],
    },
  },
]

const postTopics: { title: string; category: string; image: ImageKey; draft?: boolean; excerpt: string }[] = [
  {
    title: 'Why we moved our content sites to a headless CMS',
    category: 'Engineering',
    image: 'platform',
    excerpt: 'What changed for editors, developers and page speed after two years of headless builds.',
  },
  {
    title: 'Accessibility is a feature, not a phase',
    category: 'Design',
    image: 'team',
    excerpt: 'How we bake WCAG checks into design reviews, code review and CI.',
  },
  {
    title: 'Estimating software honestly',
    category: 'Product',
    image: 'data',
    excerpt: 'Ranges, not numbers: the estimation method we use with every client.',
  },
  {
    title: 'PostgreSQL indexes we add on day one',
    category: 'Engineering',
    image: 'data',
    excerpt: 'Five indexes that prevent the slow queries we see in almost every audit.',
  },
  {
    title: 'Shipping daily without breaking things',
    category: 'Engineering',
    image: 'platform',
    excerpt: 'Feature flags, small pull requests and boring deploys.',
  },
  {
    title: 'Designing offline-first mobile apps',
    category: 'Design',
    image: 'mobile',
    excerpt: 'Sync conflicts, optimistic UI and telling users the truth about the network.',
  },
  {
    title: 'What a discovery sprint delivers',
    category: 'Product',
    image: 'team',
    excerpt: 'Two weeks, one prototype, and a plan you can take to any vendor.',
  },
  {
    title: 'We are hiring: senior TypeScript engineer',
    category: 'Company',
    image: 'hero',
    excerpt: 'Remote-first, four-day weeks in August, and real ownership.',
  },
  {
    title: 'Performance budgets that stick',
    category: 'Engineering',
    image: 'commerce',
    excerpt: 'Budgets enforced in CI keep a fast site fast after launch.',
  },
  {
    title: 'Our 2026 open-source contributions',
    category: 'Company',
    image: 'logistics',
    excerpt: 'Patches, plugins and talks from the team this year.',
  },
  {
    title: 'Content modelling for editors, not databases',
    category: 'Product',
    image: 'health',
    draft: true,
    excerpt: 'Draft: how to name fields so editors never need a manual.',
  },
  {
    title: 'Threat modelling in one hour',
    category: 'Engineering',
    image: 'platform',
    draft: true,
    excerpt: 'Draft: a lightweight session any team can run before building.',
  },
  {
    title: 'Dark mode done right',
    category: 'Design',
    image: 'mobile',
    draft: true,
    excerpt: 'Draft: contrast, images and respecting the system setting.',
  },
]

export const posts = postTopics.map((topic, index) => ({
  ...topic,
  // Published posts get distinct, descending dates so ordering is meaningful.
  daysAgo: index * 9 + 2,
  body: `${topic.excerpt}
## The short version
Most teams already know what good looks like; the hard part is making it the default. We write the rule down, automate the check, and make the easy path the right one.
- Decide what "done" means before starting
- Automate the check in CI
- Review the numbers every sprint
## What we do differently
We measure before and after every change and share the figures with the client. If a practice does not move a number that matters, we drop it.`,
}))
