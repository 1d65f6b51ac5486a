// Counts Content-Security-Policy violations on this page, for the test to read.
window.violations = []
document.addEventListener('securitypolicyviolation', (event) => {
  window.violations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample}`)
})
