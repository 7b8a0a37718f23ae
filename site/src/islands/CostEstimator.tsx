/**
 * Project cost estimator: choose features, team size, timeline and day rate; the budget
 * range, duration and team shape update as you go. The arithmetic is in lib/estimate.ts.
 */
import { useId, useMemo, useState } from 'react'

import {
  MAX_TEAM,
  MIN_TEAM,
  TIMELINES,
  estimate,
  featureLabel,
  moneyFormatter,
  teamShape,
  type Timeline,
} from './lib/estimate.ts'
import { parseEstimatorSettings } from './lib/settings.ts'

interface Props {
  settings: Record<string, unknown> | null
}

const TIMELINE_KEYS = Object.keys(TIMELINES) as Timeline[]

export default function CostEstimator({ settings }: Props) {
  const config = useMemo(() => parseEstimatorSettings(settings), [settings])
  const id = useId()
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(config.features.slice(0, 2).map((feature) => feature.name)),
  )
  const [teamSize, setTeamSize] = useState(config.teamSize)
  const [timeline, setTimeline] = useState<Timeline>('standard')
  const [dayRate, setDayRate] = useState(config.dayRate)

  const picked = config.features.filter((feature) => chosen.has(feature.name))
  const result = estimate({
    featureDays: picked.map((feature) => feature.days),
    teamSize,
    dayRate,
    riskFactor: config.riskFactor,
    timeline,
  })
  const shape = teamShape(teamSize, { mobile: picked.some((feature) => /mobile|app/i.test(feature.name)) })
  const money = useMemo(() => moneyFormatter(config.currency), [config.currency])

  const toggle = (name: string) =>
    setChosen((current) => {
      const next = new Set(current)
      if (next.has(name)) next.delete(name)
      else next.add(name)
      return next
    })

  return (
    <form
      className="demo demo--estimator"
      onSubmit={(event) => event.preventDefault()}
      aria-label="Project cost estimator"
    >
      <div className="demo__controls">
        <fieldset className="demo__fieldset">
          <legend>What should it do?</legend>
          <ul className="demo__options">
            {config.features.map((feature) => (
              <li key={feature.name}>
                <label className="demo__check">
                  <input type="checkbox" checked={chosen.has(feature.name)} onChange={() => toggle(feature.name)} />
                  <span>{featureLabel(feature.name)}</span>
                  <span className="demo__hint">{feature.days} days</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>

        <div className="demo__field">
          <label htmlFor={`${id}-team`}>Team size</label>
          <div className="demo__range">
            <input
              id={`${id}-team`}
              type="range"
              min={MIN_TEAM}
              max={MAX_TEAM}
              step={1}
              value={teamSize}
              aria-valuetext={`${teamSize} ${teamSize === 1 ? 'person' : 'people'}`}
              onChange={(event) => setTeamSize(Number(event.target.value))}
            />
            <output htmlFor={`${id}-team`}>{teamSize}</output>
          </div>
        </div>

        <fieldset className="demo__fieldset">
          <legend>Timeline</legend>
          {TIMELINE_KEYS.map((key) => (
            <label key={key} className="demo__check">
              <input
                type="radio"
                name={`${id}-timeline`}
                value={key}
                checked={timeline === key}
                onChange={() => setTimeline(key)}
              />
              <span>{TIMELINES[key].label}</span>
            </label>
          ))}
        </fieldset>

        <div className="demo__field">
          <label htmlFor={`${id}-rate`}>Day rate ({config.currency})</label>
          <input
            id={`${id}-rate`}
            type="number"
            inputMode="numeric"
            min={1}
            step={10}
            value={dayRate}
            onChange={(event) => {
              const value = Number(event.target.value)
              if (Number.isFinite(value) && value >= 0) setDayRate(value)
            }}
          />
        </div>
      </div>

      <section className="demo__result" aria-labelledby={`${id}-result`}>
        <h3 id={`${id}-result`} className="demo__result-title">
          Estimated budget
        </h3>
        {result.buildDays === 0 ? (
          <p className="demo__empty" aria-live="polite">
            Pick at least one feature to see an estimate.
          </p>
        ) : (
          <>
            <p className="demo__figure" aria-live="polite" aria-atomic="true">
              {money.format(result.low)} – {money.format(result.high)}
            </p>
            <dl className="demo__facts">
              <div>
                <dt>Most likely</dt>
                <dd>{money.format(result.expected)}</dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd>
                  {result.weeks} {result.weeks === 1 ? 'week' : 'weeks'}
                </dd>
              </div>
              <div>
                <dt>Effort</dt>
                <dd>{Math.round(result.teamDays)} person-days</dd>
              </div>
              <div>
                <dt>Risk margin</dt>
                <dd>up to +{Math.round(result.risk * 100)} %</dd>
              </div>
            </dl>
            <h4 className="demo__subtitle">Team shape</h4>
            <ul className="demo__team">
              {shape.map((role) => (
                <li key={role.role}>
                  <span className="demo__count">{role.count}×</span> {role.role}
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="demo__small">Includes discovery, QA and delivery. A rough guide for planning, not a quote.</p>
      </section>
    </form>
  )
}
