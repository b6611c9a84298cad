import { loginHtml, portalUrl } from './rsc';

/**
 * The hotspot HTML files for the router's html-directory. `$(name)` is expanded by the router
 * (reference/routeros.md §4.2); the `-esc` forms are URL-encoded.
 */
export function hotspotFiles(publicUrl: string, routerId: string): Record<string, string> {
  const portal = portalUrl(publicUrl, routerId);
  const page = (title: string, body: string) =>
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1f2933}a{color:#0b6e4f}</style></head>\n<body>${body}</body></html>\n`;
  return {
    'login.html': loginHtml(publicUrl, routerId) + '\n',
    'status.html': page(
      'Connected',
      `<h1>You are online</h1><p>User: $(username)<br>Connected for: $(uptime)<br>$(if session-time-left)Time left: $(session-time-left)<br>$(endif)Downloaded: $(bytes-out-nice)<br>Uploaded: $(bytes-in-nice)</p>` +
        `<p><a href="$(link-logout)">Log out</a> · <a href="${portal}?mac=$(mac-esc)&ip=$(ip-esc)">Buy more time</a></p>`,
    ),
    'logout.html': page('Logged out', `<h1>You are logged out</h1><p>User $(username) used $(uptime).</p><p><a href="${portal}?mac=$(mac-esc)&ip=$(ip-esc)">Get connected again</a></p>`),
    'error.html': page('WiFi error', `<h1>Something went wrong</h1><p>$(error)</p><p><a href="${portal}?mac=$(mac-esc)&ip=$(ip-esc)&error=$(error-esc)">Back to the WiFi portal</a></p>`),
  };
}
