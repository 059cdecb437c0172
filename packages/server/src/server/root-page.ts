// GET / in a browser: where things are. (The same path serves the frontend SDK's WebSocket.)
export function rootPage(serverUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>terapi</title>
<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:40rem;padding:0 1rem;color:#1d2733}code{background:#f2f4f7;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>terapi is running</h1>
<p>API: <code>${serverUrl}</code> — authenticate with <code>Authorization: Bearer &lt;secret key&gt;</code> (printed by <code>npm start</code>).</p>
<ul><li><a href="/health">/health</a></li><li><a href="/providers">/providers</a> (needs the key)</li><li><a href="/metrics">/metrics</a></li></ul>
</body></html>`;
}
