/**
 * The pipeline and stack definitions parse (YAML syntax errors fail here, not in GitHub Actions), and
 * hold what operations rely on: both images built and smoke-tested, pushed on a version tag, the audit
 * gate, Dependabot, and the compose services and profiles with the files they mount.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'

const root = path.resolve(import.meta.dirname, '../../..')

/** Parses strictly: any YAML error or warning throws. */
function load(file: string): any {
  const document = parseDocument(fs.readFileSync(path.join(root, file), 'utf8'), { prettyErrors: true })
  const problems = [...document.errors, ...document.warnings]
  if (problems.length > 0) throw new Error(`${file}:\n${problems.map((p) => p.message).join('\n')}`)
  return document.toJS()
}

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Job {
  'runs-on': string
  steps: Step[]
  needs?: string
  if?: string
}

describe('GitHub workflows', () => {
  const files = fs.readdirSync(path.join(root, '.github/workflows')).filter((name) => /\.ya?ml$/.test(name))

  it('parse, and every job runs somewhere with steps', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'stack.yml']))
    for (const file of files) {
      const workflow = load(`.github/workflows/${file}`)
      expect(workflow.on, file).toBeDefined()
      for (const [name, job] of Object.entries(workflow.jobs as Record<string, Job>)) {
        expect(job['runs-on'], `${file} ${name}`).toBeTruthy()
        expect(job.steps.length, `${file} ${name}`).toBeGreaterThan(0)
        for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run), `${file} ${name}`).toBe(true)
      }
    }
  })

  it('CI gates on npm audit of production dependencies and installs promtool for the rule tests', () => {
    const ci = load('.github/workflows/ci.yml')
    const runs = Object.values(ci.jobs as Record<string, Job>).flatMap((job) => job.steps.map((step) => step.run ?? ''))
    expect(runs).toContain('npm audit --omit=dev --audit-level=high')
    expect(runs.some((run) => run.includes('install') && run.includes('prometheus'))).toBe(true)
  })

  it('the stack workflow builds both images, smoke-tests compose, and pushes to ghcr.io on v* tags', () => {
    const stack = load('.github/workflows/stack.yml')
    expect(stack.on.push.tags).toEqual(['v*'])
    const smoke = stack.jobs.smoke as Job
    const built = smoke.steps.filter((step) => step.uses?.startsWith('docker/build-push-action'))
    expect(built.map((step) => step.with?.file)).toEqual(['cms/Dockerfile', 'site/Dockerfile'])
    const runs = smoke.steps.map((step) => step.run ?? '').join('\n')
    expect(runs).toMatch(/docker compose .* up -d/)
    expect(runs).toContain('node scripts/smokeTest.mjs')
    const publish = stack.jobs.publish as Job & { permissions: Record<string, string>; strategy: any }
    expect(publish.if).toContain("startsWith(github.ref, 'refs/tags/v')")
    expect(publish.needs).toBe('smoke')
    expect(publish.permissions.packages).toBe('write')
    expect(publish.strategy.matrix.include.map((entry: { dockerfile: string }) => entry.dockerfile)).toEqual([
      'cms/Dockerfile',
      'site/Dockerfile',
    ])
    const login = publish.steps.find((step) => step.uses?.startsWith('docker/login-action'))
    expect(login?.with?.registry).toBe('ghcr.io')
    const push = publish.steps.find((step) => step.uses?.startsWith('docker/build-push-action'))
    expect(push?.with?.push).toBe(true)
    for (const file of ['cms/Dockerfile', 'site/Dockerfile', 'scripts/smokeTest.mjs'])
      expect(fs.existsSync(path.join(root, file)), file).toBe(true)
  })

  it('the smoke script is valid JavaScript', () => {
    execFileSync(process.execPath, ['--check', path.join(root, 'scripts/smokeTest.mjs')])
  })

  it('Dependabot watches npm and GitHub Actions', () => {
    const dependabot = load('.github/dependabot.yml')
    expect(dependabot.version).toBe(2)
    expect(dependabot.updates.map((u: { 'package-ecosystem': string }) => u['package-ecosystem'])).toEqual(
      expect.arrayContaining(['npm', 'github-actions']),
    )
  })
})

describe('docker-compose.yml', () => {
  const compose = load('docker-compose.yml')
  const services = compose.services as Record<string, any>

  it('runs MongoDB, Redis, MinIO with its bucket, the CMS and the site by default', () => {
    for (const name of ['mongo', 'redis', 'minio', 'minio-bucket', 'cms', 'site'])
      expect(services[name]?.profiles, name).toBeUndefined()
    expect(services.cms.depends_on['minio-bucket'].condition).toBe('service_completed_successfully')
    expect(services['minio-bucket'].entrypoint.join(' ')).toContain('mc mb --ignore-existing')
    expect(services.cms.environment.WEB_CONCURRENCY).toBe('${WEB_CONCURRENCY:-1}')
    // Staging is the same stack with APP_ENV=staging, for both.
    expect(services.cms.environment.APP_ENV).toBe('${APP_ENV:-production}')
    expect(services.site.environment.APP_ENV).toBe('${APP_ENV:-production}')
  })

  it('starts Prometheus and Grafana in the monitoring profile, with files that exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      expect(services[name].profiles, name).toEqual(['monitoring'])
      for (const volume of services[name].volumes as string[]) {
        const source = volume.split(':')[0]
        if (source.startsWith('./')) expect(fs.existsSync(path.join(root, source)), volume).toBe(true)
      }
    }
    expect(services.prometheus.secrets).toEqual(['metrics_token'])
    expect(compose.secrets.metrics_token.environment).toBe('METRICS_TOKEN')
    expect(services.cms.environment.METRICS_TOKEN).toBe('${METRICS_TOKEN:-}')
    for (const volume of Object.values(services).flatMap((service) => (service.volumes ?? []) as string[])) {
      const source = volume.split(':')[0]
      if (!source.startsWith('.')) expect(compose.volumes, volume).toHaveProperty(source)
    }
  })
})
