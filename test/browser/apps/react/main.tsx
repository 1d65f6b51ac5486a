/** @jsxImportSource react */
// The README's CancelButton in a React app under StrictMode, beside a probe that records outcomes.
import { useCancelFlow } from '@windback/browser/react'
import { StrictMode, useEffect, useState, version } from 'react'
import { createRoot } from 'react-dom/client'
import { CancelButton } from 'readme:react-cancel-button'
import type { AppHarness } from '../harness.js'

const harness: AppHarness = { version, mountEffects: 0, setEmail() {}, setMounted() {}, openProbe() {}, outcomes: [] }
window.app = harness

function Probe({ email }: { email: string }) {
  const { open } = useCancelFlow({ publicKey: 'pub_123', customer: { email } })
  useEffect(() => {
    harness.openProbe = () => void open().then((result) => harness.outcomes.push(result.outcome))
  }, [open])
  return null
}

function App() {
  const [email, setEmail] = useState('jane@example.com')
  const [mounted, setMounted] = useState(true)
  useEffect(() => {
    harness.mountEffects += 1
    harness.setEmail = setEmail
    harness.setMounted = setMounted
  }, [])
  return mounted ? (
    <>
      <CancelButton customer={{ email }} />
      <Probe email={email} />
    </>
  ) : null
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
