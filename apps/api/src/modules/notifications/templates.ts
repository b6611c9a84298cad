/** A rendered e-mail: subject, plain text and a simple HTML part. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The languages every template is written in. */
export type Locale = 'en' | 'sw';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface PasswordResetParams {
  name: string;
  link: string;
  expiresInMinutes: number;
}

/** Every e-mail template's parameters, by template key (new templates: add a key here and below). */
export interface EmailTemplateParams {
  password_reset: PasswordResetParams;
}
export type EmailTemplateKey = keyof EmailTemplateParams;

/** The HTML around every e-mail: one column, system fonts, a button for the main link. */
function htmlLayout(lines: string[], button?: { label: string; href: string }, after: string[] = []): string {
  const p = (line: string) => `<p style="margin:0 0 14px">${escapeHtml(line)}</p>`;
  const cta = button
    ? `<p style="margin:20px 0"><a href="${escapeHtml(button.href)}" style="background:#1f5fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(button.label)}</a></p><p style="margin:0 0 14px;font-size:13px;color:#5b6673;word-break:break-all">${escapeHtml(button.href)}</p>`
    : '';
  return `<!doctype html><html><body style="margin:0;padding:16px;background:#f4f6f8;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1d2733"><div style="max-width:560px;margin:auto;background:#ffffff;border-radius:8px;padding:20px">${lines.map(p).join('')}${cta}${after.map(p).join('')}<p style="margin:20px 0 0;font-size:12px;color:#5b6673">Wavu</p></div></body></html>`;
}

type Renderers = { [K in EmailTemplateKey]: Record<Locale, (params: EmailTemplateParams[K]) => RenderedEmail> };

const RENDERERS: Renderers = {
  password_reset: {
    en: ({ name, link, expiresInMinutes }) => {
      const intro = [`Hello ${name},`, 'Someone (hopefully you) asked to reset the password of your Wavu account. Open this link to choose a new one:'];
      const outro = [
        `The link works once and expires in ${expiresInMinutes} minutes. Setting a new password signs you out everywhere.`,
        'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      ];
      return { subject: 'Reset your Wavu password', text: [...intro, '', link, '', ...outro, '', 'Wavu'].join('\n'), html: htmlLayout(intro, { label: 'Choose a new password', href: link }, outro) };
    },
    sw: ({ name, link, expiresInMinutes }) => {
      const intro = [`Habari ${name},`, 'Mtu (tunatumaini ni wewe) ameomba kubadilisha nenosiri la akaunti yako ya Wavu. Fungua kiungo hiki kuchagua jipya:'];
      const outro = [
        `Kiungo kinafanya kazi mara moja na kinaisha baada ya dakika ${expiresInMinutes}. Nenosiri jipya linakutoa kwenye vifaa vyote.`,
        'Kama hukuomba hivi, puuza barua pepe hii: nenosiri lako halibadiliki.',
      ];
      return {
        subject: 'Badilisha nenosiri lako la Wavu',
        text: [...intro, '', link, '', ...outro, '', 'Wavu'].join('\n'),
        html: htmlLayout(intro, { label: 'Chagua nenosiri jipya', href: link }, outro),
      };
    },
  },
};

/** Renders an e-mail template; every parameter is escaped in the HTML part. */
export function renderEmail<K extends EmailTemplateKey>(key: K, params: EmailTemplateParams[K], locale: Locale = 'en'): RenderedEmail {
  return RENDERERS[key][locale](params);
}
