// The frame every live interview email shares: a template lists blocks of plain text, and this file
// renders them twice, as text and as HTML. Every value is escaped here, once, so a template cannot
// forget it; links are the only values that become attributes, and they are escaped too.
import { escapeHtml, type RenderedEmail } from './invitation';

export type Block =
  | { type: 'paragraph'; text: string }
  /** label / value rows: when, duration, candidate… */
  | { type: 'details'; rows: [label: string, value: string][] }
  /** a button, and the link spelled out for clients that hide buttons */
  | { type: 'link'; label: string; href: string }
  /** text someone else wrote (the template's instructions), line breaks kept */
  | { type: 'quote'; title: string; text: string }
  /** small print: who the link is for */
  | { type: 'note'; text: string };

export const oneLine = (value: string) =>
  value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();

export const greetingFor = (name: string) => (oneLine(name) ? `Hello ${oneLine(name)},` : 'Hello,');

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'note':
      return block.text;
    case 'details':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'link':
      return `${block.label}:\n${block.href}`;
    case 'quote':
      return `${block.title}:\n${block.text
        .split(/\r?\n/)
        .map((line) => `  ${line}`.trimEnd())
        .join('\n')}`;
  }
}

const paragraph = (content: string, style = '') => `<p style="margin:0 0 16px${style}">${content}</p>`;
const multiline = (text: string) => text.split(/\r?\n/).map(escapeHtml).join('<br>');

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return paragraph(escapeHtml(block.text));
    case 'note':
      return paragraph(escapeHtml(block.text), ';font-size:14px;color:#6b7280');
    case 'details':
      return [
        '<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">',
        ...block.rows.map(
          ([label, value]) =>
            `<tr><td style="padding:2px 16px 2px 0;color:#6b7280;vertical-align:top">${escapeHtml(label)}</td><td style="padding:2px 0;font-weight:bold">${escapeHtml(value)}</td></tr>`,
        ),
        '</table>',
      ].join('\n');
    case 'link': {
      const href = escapeHtml(block.href);
      return [
        `<p style="margin:24px 0"><a href="${href}" style="display:inline-block;background:#2f5bea;color:#ffffff;text-decoration:none;padding:12px 24px;border-radius:6px;font-weight:bold">${escapeHtml(block.label)}</a></p>`,
        paragraph(
          `If the button does not work, copy this link into your browser:<br><a href="${href}" style="color:#2f5bea;word-break:break-all">${href}</a>`,
        ),
      ].join('\n');
    }
    case 'quote':
      return [
        paragraph(`<strong>${escapeHtml(block.title)}</strong>`, ';margin-bottom:4px'),
        `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #d1d5db;color:#374151">${multiline(block.text)}</blockquote>`,
      ].join('\n');
  }
}

export function renderEmail(subject: string, greeting: string, blocks: Block[]): RenderedEmail {
  const text = [greeting, ...blocks.map(blockText), '— Candor', ''].join('\n\n').replace(/\n+$/, '\n');
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="margin:0;padding:24px;background:#f6f7f9;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2933">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    paragraph(escapeHtml(greeting)),
    ...blocks.map(blockHtml),
    '<p style="margin:0;color:#6b7280">— Candor</p>',
    '</div></body></html>',
  ].join('\n');
  return { subject: oneLine(subject), text, html };
}
