import type { CancelFlowResult } from '@windback/browser'
import { useCancelFlow } from '@windback/browser/react'
import { StrictMode, useState } from 'react'
import { createRoot } from 'react-dom/client'

const customer = { email: 'jane@acme-demo.com', name: 'Jane Smith', plan_name: 'Growth', mrr: 4900, tenure_days: 620 }

function outcomeMessage(result: CancelFlowResult): string {
  switch (result.outcome) {
    case 'retained':
      return `Retained: applying "${result.offer.title}".`
    case 'cancelled':
      return `Cancelled (reason: ${result.reason ?? 'none given'}). Your backend cancels the subscription now.`
    case 'dismissed':
      return 'Dismissed: nothing changes.'
    case 'error':
      return `The flow could not run (${result.error.code}); falling back to the normal cancel page.`
  }
}

function BillingPage() {
  // One flow per customer: created on first use, preloaded on hover, closed with the component.
  const flow = useCancelFlow({ publicKey: 'pub_demo', apiBase: '/api/v1', customer })
  const [status, setStatus] = useState('')

  return (
    <main>
      <h1>Acme Analytics (React)</h1>
      <section className="card">
        <h2>Growth plan</h2>
        <p>$49 per month</p>
        <button type="button" className="cancel" onPointerEnter={() => void flow.preload()} onClick={async () => setStatus(outcomeMessage(await flow.open()))}>
          Cancel subscription
        </button>
        <p role="status" data-testid="status">{status}</p>
      </section>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BillingPage />
  </StrictMode>,
)
