import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

// Links from card text open in a new tab without handing it this window. An image written without a
// description is announced by its file name rather than skipped or read as its whole address.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  if (node.tagName === 'IMG' && !node.hasAttribute('alt')) {
    const file = (node.getAttribute('src') ?? '').split(/[?#]/)[0].split('/').pop();
    node.setAttribute('alt', file ? `Image: ${file}` : 'Image');
  }
});

/** Markdown to HTML with every script, handler and unsafe URL removed: text written on a card never runs. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true }) as string;
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe'] });
}

/** Sanitized Markdown (the default export, loaded on demand by Markdown). */
export default function RenderedMarkdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML is sanitized by DOMPurify above
  return <div className={`markdown${className ? ` ${className}` : ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
