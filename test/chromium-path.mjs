// Where the browser tests find Chromium: $CHROME_PATH, else Debian's package.
export const chromiumPath = () => process.env.CHROME_PATH || '/usr/bin/chromium'

// Chromium's background services try to reach Google; this machine's network is loopback only.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
