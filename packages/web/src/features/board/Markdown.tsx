import { lazy, Suspense } from 'react';
import './markdown.css';

// The Markdown parser and sanitizer load on first use, so screens that show Markdown keep the first page light.
const RenderedMarkdown = lazy(() => import('./markdown-render'));

/** Card, comment or note text in Markdown, rendered safely (plain text until the renderer has loaded). */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <Suspense fallback={<div className={`markdown markdown--plain${className ? ` ${className}` : ''}`}>{text}</div>}>
      <RenderedMarkdown text={text} className={className} />
    </Suspense>
  );
}
