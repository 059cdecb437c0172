import type { SimApp, SimUser } from '../salesforce-sim.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * spec/salesforce.md §1.1: a bad client id or callback URL is shown on Salesforce's own error page, never redirected.
 * The page carries the error in the same `error=…&error_description=…` form as the real one.
 */
export function oauthErrorPage(error: string, description: string): string {
  const query = new URLSearchParams({ error, error_description: description }).toString().replace(/\+/g, '%20');
  return `<!DOCTYPE html><html><head><title>OAuth Error</title></head><body>
<h1>OAuth Error</h1><p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p>
<p id="error">${escapeHtml(query)}</p></body></html>`;
}

export function loginFailedPage(): string {
  return `<!DOCTYPE html><html><head><title>Login | Salesforce</title></head><body>
<p id="error">Please check your username and password. If you still can't log in, contact your Salesforce administrator.</p></body></html>`;
}

/** The Allow / Deny page of the `consent-page` approval mode; its form posts every parameter back to authorize. */
export function consentPage(app: SimApp, users: readonly SimUser[], chosen: SimUser, params: Record<string, string>): string {
  const hidden = Object.entries(params)
    .filter(([k]) => k !== 'decision' && k !== 'username')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const options = users
    .filter((u) => u.active)
    .map((u) => `<option value="${escapeHtml(u.username)}"${u.id === chosen.id ? ' selected' : ''}>${escapeHtml(u.username)}</option>`)
    .join('');
  return `<!DOCTYPE html><html><head><title>Allow Access? | Salesforce simulator</title></head><body>
<h1>Allow Access?</h1>
<p><strong>${escapeHtml(app.name)}</strong> is asking to access your Salesforce data (scope: ${escapeHtml(params.scope ?? app.scopes.join(' '))}).</p>
<form method="POST" action="/services/oauth2/authorize">
${hidden}
<label>Log in as <select name="username">${options}</select></label>
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="allow">Allow</button>
</form></body></html>`;
}
