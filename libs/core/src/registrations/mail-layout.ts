import { MailCopy, RegistrationMailContext, RenderedMail } from './mail-context';

export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/**
 * The text and HTML bodies of a registration mail around its copy: the paragraphs, the personal
 * link, and the check-in QR code when the mail carries one (an inline image referenced by cid:).
 */
export function layoutMail(copy: MailCopy, context: RegistrationMailContext): RenderedMail {
  const text = [...copy.lines, context.accessUrl].join('\n\n');
  const qr = context.qrCid
    ? `<p><img src="cid:${context.qrCid}" alt="${escapeHtml(context.checkInCode ?? '')}" width="148" height="148"></p>`
    : '';
  const html = [
    `<!doctype html><html lang="${context.locale}"><body style="font-family:sans-serif">`,
    ...copy.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(context.accessUrl)}">${escapeHtml(copy.linkLabel)}</a></p>`,
    qr,
    '</body></html>',
  ].join('\n');
  return { subject: copy.subject, text, html, links: [{ label: copy.linkLabel, url: context.accessUrl }] };
}
