/**
 * The one island pages render for a demo: `kind` picks the component, `settings` (the CMS
 * document's free-form JSON) configures it, and `cmsUrl` is where the browser reaches the CMS.
 * Unknown kinds render a short note rather than failing the page.
 */
import './demos.css'

import ApiExplorer from './ApiExplorer.tsx'
import CostEstimator from './CostEstimator.tsx'
import PerformanceChart from './PerformanceChart.tsx'

export type DemoKind = 'cost-estimator' | 'api-explorer' | 'performance-chart'

export interface DemoIslandProps {
  kind: DemoKind
  settings: Record<string, unknown> | null
  cmsUrl: string
}

export default function DemoIsland({ kind, settings, cmsUrl }: DemoIslandProps) {
  const safeSettings = settings !== null && typeof settings === 'object' && !Array.isArray(settings) ? settings : null
  switch (kind) {
    case 'cost-estimator':
      return <CostEstimator settings={safeSettings} />
    case 'api-explorer':
      return <ApiExplorer settings={safeSettings} cmsUrl={cmsUrl} />
    case 'performance-chart':
      return <PerformanceChart settings={safeSettings} />
    default:
      return <p className="demo-note">This demo is not available at the moment.</p>
  }
}
