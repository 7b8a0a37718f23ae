/**
 * Page weight by stack against a budget: an SVG bar chart (described for screen readers) with
 * the same numbers in a table. Visitors can add their own page to the comparison and sort.
 * The scale math is in lib/chart.ts.
 */
import { useId, useMemo, useState } from 'react'

import { buildChart, describeRatio, formatKb, shortLabel, type Series } from './lib/chart.ts'
import { parseChartSettings } from './lib/settings.ts'

interface Props {
  settings: Record<string, unknown> | null
}

const YOURS = 'Your page'

export default function PerformanceChart({ settings }: Props) {
  const config = useMemo(() => parseChartSettings(settings), [settings])
  const id = useId()
  const [sorted, setSorted] = useState(false)
  const [yours, setYours] = useState('')

  const yourKb = Number(yours)
  const withYours: Series[] =
    yours.trim() !== '' && Number.isFinite(yourKb) && yourKb >= 0
      ? [...config.series, { name: YOURS, kb: yourKb }]
      : config.series
  const series = sorted ? [...withYours].sort((a, b) => a.kb - b.kb) : withYours
  const chart = buildChart(series, config.budgetKb)
  const over = series.filter((item) => item.kb > config.budgetKb).length
  const summary = `${series.length} stacks compared with a ${formatKb(config.budgetKb)} budget; ${over} ${over === 1 ? 'is' : 'are'} over it. ${series
    .map((item) => `${item.name}: ${formatKb(item.kb)}`)
    .join(', ')}.`

  return (
    <figure className="demo demo--chart">
      <div className="demo__controls demo__controls--inline">
        <div className="demo__field">
          <label htmlFor={`${id}-yours`}>Your page weight (KB)</label>
          <input
            id={`${id}-yours`}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            placeholder="e.g. 350"
            value={yours}
            aria-describedby={`${id}-yours-hint`}
            onChange={(event) => setYours(event.target.value)}
          />
          <span id={`${id}-yours-hint`} className="demo__hint">
            Transferred JavaScript, CSS and HTML, from your browser&rsquo;s network panel.
          </span>
        </div>
        <label className="demo__check">
          <input type="checkbox" checked={sorted} onChange={(event) => setSorted(event.target.checked)} />
          <span>Sort by weight</span>
        </label>
      </div>

      <svg
        className="demo__svg"
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>Page weight by stack</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {chart.ticks.map((tick) => (
          <g key={tick.value} className="demo__tick">
            <line x1={tick.x} x2={tick.x} y1={chart.bars[0]?.y ?? 0} y2={chart.axisY} />
            <text x={tick.x} y={chart.axisY + 18} textAnchor="middle">
              {formatKb(tick.value)}
            </text>
          </g>
        ))}
        {chart.bars.map((bar, index) => {
          const inside = bar.width > chart.plotWidth * 0.75
          return (
            <g
              key={`${index}-${bar.name}`}
              className={`demo__bar${bar.overBudget ? ' demo__bar--over' : ''}${bar.name === YOURS ? ' demo__bar--yours' : ''}`}
            >
              <text x={chart.plotLeft - 10} y={bar.y + bar.height / 2} textAnchor="end" dominantBaseline="middle">
                {shortLabel(bar.name)}
              </text>
              <rect x={bar.x} y={bar.y} width={Math.max(bar.width, 2)} height={bar.height} rx={4} />
              <text
                className={inside ? 'demo__value demo__value--inside' : 'demo__value'}
                x={inside ? bar.x + bar.width - 8 : bar.x + bar.width + 8}
                y={bar.y + bar.height / 2}
                textAnchor={inside ? 'end' : 'start'}
                dominantBaseline="middle"
              >
                {formatKb(bar.kb)}
              </text>
            </g>
          )
        })}
        <g className="demo__budget">
          <line x1={chart.budgetX} x2={chart.budgetX} y1={8} y2={chart.axisY} />
          <text
            x={chart.budgetX}
            y={18}
            textAnchor={chart.budgetX > chart.plotLeft + chart.plotWidth * 0.8 ? 'end' : 'middle'}
          >
            Budget {formatKb(config.budgetKb)}
          </text>
        </g>
      </svg>

      <figcaption className="demo__caption">
        Bars past the dashed line are over the {formatKb(config.budgetKb)} budget.
      </figcaption>

      <details className="demo__table">
        <summary>Show the numbers as a table</summary>
        <table>
          <caption className="visually-hidden">
            Page weight by stack, with the budget of {formatKb(config.budgetKb)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Stack</th>
              <th scope="col">Page weight</th>
              <th scope="col">Against the budget</th>
            </tr>
          </thead>
          <tbody>
            {chart.bars.map((bar, index) => (
              <tr key={`${index}-${bar.name}`}>
                <th scope="row">{bar.name}</th>
                <td>{formatKb(bar.kb)}</td>
                <td>
                  {describeRatio(bar.ratio)}
                  {bar.overBudget ? ' (over)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
