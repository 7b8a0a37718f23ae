/**
 * deploy/monitoring/: the Prometheus config and alert rules pass promtool (syntax and the rules' own unit
 * tests in alerts.test.yml), and every metric the rules and the Grafana dashboard query is one the CMS's
 * registry exposes, so a renamed metric cannot leave an alert that never fires.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'

import { createMetrics, recordBackupSuccess } from '../../src/server/metrics'

const monitoring = path.resolve(import.meta.dirname, '../../../deploy/monitoring')
const prometheusDir = path.join(monitoring, 'prometheus')
/** Debian's `prometheus` package installs it here; CI installs the same package. */
const promtool = process.env.PROMTOOL ?? '/usr/bin/promtool'

function run(args: string[], cwd: string): string {
  try {
    return execFileSync(promtool, args, { cwd, encoding: 'utf8', stdio: 'pipe' })
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`promtool ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`)
  }
}

/** Series names a PromQL expression reads: identifiers left once labels, ranges, strings and functions are gone. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/(?<![\w:])\d[\d.]*(e[+-]?\d+)?/gi, ' ')
  const keywords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without'])
  return [...stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)]
    .filter((match) => !match[2] && !keywords.has(match[1]))
    .map((match) => match[1])
}

interface RuleFile {
  groups: { rules: { alert?: string; expr: string }[] }[]
}

function ruleExpressions(): { name: string; expr: string }[] {
  const file = parse(fs.readFileSync(path.join(prometheusDir, 'alerts.yml'), 'utf8')) as RuleFile
  return file.groups.flatMap((group) => group.rules.map((rule) => ({ name: rule.alert ?? '?', expr: rule.expr })))
}

function dashboardExpressions(): { name: string; expr: string }[] {
  const dashboard = JSON.parse(fs.readFileSync(path.join(monitoring, 'grafana/dashboards/mspnCms.json'), 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[]
  }
  return dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ name: panel.title, expr: target.expr })))
}

/** Every series name the CMS registry exposes (histograms as _bucket, _count and _sum). */
async function exposedNames(): Promise<Set<string>> {
  const metrics = createMetrics()
  const names = new Set<string>()
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    if (String(metric.type) === 'histogram')
      for (const suffix of ['_bucket', '_count', '_sum']) names.add(metric.name + suffix)
    else names.add(metric.name)
  }
  return names
}

/** Added by Prometheus itself to every scrape. */
const SCRAPE_SERIES = new Set(['up'])

describe('Prometheus configuration', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-prometheus-'))
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

  it('passes promtool check config and check rules', () => {
    // Compose mounts the metrics token as a secret file; promtool insists the file exists.
    const token = path.join(scratch, 'metrics_token')
    fs.writeFileSync(token, 'a-token-of-at-least-16-chars')
    const config = fs.readFileSync(path.join(prometheusDir, 'prometheus.yml'), 'utf8')
    expect(config).toContain('/run/secrets/metrics_token')
    fs.writeFileSync(path.join(scratch, 'prometheus.yml'), config.replaceAll('/run/secrets/metrics_token', token))
    fs.copyFileSync(path.join(prometheusDir, 'alerts.yml'), path.join(scratch, 'alerts.yml'))
    expect(run(['check', 'config', 'prometheus.yml'], scratch)).toMatch(/SUCCESS: 1 rule files found/)
    expect(run(['check', 'rules', 'alerts.yml'], prometheusDir)).toMatch(/SUCCESS: \d+ rules found/)
  })

  it('passes the alert unit tests (5xx rate, backup age, readiness)', () => {
    const tests = parse(fs.readFileSync(path.join(prometheusDir, 'alerts.test.yml'), 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[]
    }
    const firing = new Set(
      tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)),
    )
    expect([...firing]).toEqual(expect.arrayContaining(['CmsHigh5xxRate', 'BackupTooOld', 'CmsNotReady']))
    expect(run(['test', 'rules', 'alerts.test.yml'], prometheusDir)).toMatch(/SUCCESS/)
  })

  it('a broken rule test fails (the runner really checks)', () => {
    // Only the 5xx case, with a wrong expected summary (one case keeps it quick).
    const suite = parse(fs.readFileSync(path.join(prometheusDir, 'alerts.test.yml'), 'utf8')) as {
      tests: unknown[]
    }
    const [first] = suite.tests
    const broken = stringify({ ...suite, tests: [first] }).replace(
      '9.091% of CMS responses are 5xx',
      '1% of CMS responses are 5xx',
    )
    expect(broken).toContain('1% of CMS responses are 5xx')
    fs.writeFileSync(path.join(scratch, 'alerts.test.yml'), broken)
    fs.copyFileSync(path.join(prometheusDir, 'alerts.yml'), path.join(scratch, 'alerts.yml'))
    expect(() => run(['test', 'rules', 'alerts.test.yml'], scratch)).toThrow(/CmsHigh5xxRate/)
  })
})

describe('metrics the rules and the dashboard use', () => {
  it('finds the metric names in an expression', () => {
    expect(
      metricNames(
        'sum by (le) (rate(a_total{job="cms"}[5m])) > 1.5e9 or sum by (le) (rate(a_total{job="cms", route=~"/api/.*"}[5m])) / on (x) b_count > 0.2 and time() - max(c) > 26 * 3600',
      ),
    ).toEqual(['a_total', 'a_total', 'b_count', 'c'])
  })

  it('every one is exposed by the CMS registry', async () => {
    const exposed = await exposedNames()
    const expressions = [...ruleExpressions(), ...dashboardExpressions()]
    expect(expressions.length).toBeGreaterThan(20)
    const missing = expressions.flatMap(({ name, expr }) =>
      metricNames(expr)
        .filter((metric) => !exposed.has(metric) && !SCRAPE_SERIES.has(metric))
        .map((metric) => `${name}: ${metric}`),
    )
    expect(missing).toEqual([])
  })

  it('reports the last successful backup (0 until one is recorded) and readiness', async () => {
    const metrics = createMetrics()
    const read = async (name: string) =>
      Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await metrics.registry.metrics())?.[1])
    expect(await read('mspn_backup_last_success_timestamp_seconds')).toBe(0)
    recordBackupSuccess(new Date('2026-12-01T03:00:00Z'))
    expect(await read('mspn_backup_last_success_timestamp_seconds')).toBe(Date.UTC(2026, 11, 1, 3) / 1000)
    expect(await read('mspn_ready')).toBe(1)
    metrics.setReadinessProbe(async () => false)
    expect(await read('mspn_ready')).toBe(0)
    metrics.setReadinessProbe(async () => {
      throw new Error('database gone')
    })
    expect(await read('mspn_ready')).toBe(0)
  })
})
