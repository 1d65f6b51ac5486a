// The host page's own reaction to each outcome, as a customer would write it.
const status = document.getElementById('status')
const badge = document.getElementById('plan-badge')
const show = (text, tone) => {
  status.hidden = false
  status.textContent = text
  status.dataset.tone = tone
}
document.addEventListener('windback:retained', (event) => {
  const { offer } = event.detail
  show(`Thanks for staying! "${offer.title}" has been applied to your account.`, 'success')
  badge.textContent = 'Offer applied'
})
document.addEventListener('windback:dismissed', () => show('No changes were made to your subscription.', 'info'))
document.addEventListener('windback:cancelled', (event) => {
  // A real page would cancel through its backend here, then let the link navigate.
  sessionStorage.setItem('acme:last-reason', event.detail.reason ?? '')
})
document.addEventListener('windback:error', (event) => {
  console.info('Cancel flow unavailable, continuing with the normal cancel page:', event.detail.error.code)
})

// Behaviour events for churn prediction go to our own backend route (the track proxy).
window.Windback?.tracker?.track('login')
for (const link of document.querySelectorAll('nav a')) {
  link.addEventListener('click', (event) => {
    event.preventDefault()
    window.Windback?.tracker?.track('feature_used', { feature: link.textContent.trim().toLowerCase() })
  })
}
