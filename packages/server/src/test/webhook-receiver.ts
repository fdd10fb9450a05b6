import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: { eventId: number; engagementId: string; entityId: string; payload: any } };
}

/**
 * A real HTTP endpoint on 127.0.0.1 for webhook tests: it keeps every request and answers with the
 * statuses it is told to (200 once the list runs out).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private answers: number[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      this.received.push({ headers, body, json: JSON.parse(body) });
      res.statusCode = this.answers.shift() ?? 200;
      res.end('ok');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The next requests are answered with these statuses, in order. */
  answerWith(...statuses: number[]): void {
    this.answers.push(...statuses);
  }

  ofType(type: string): Received[] {
    return this.received.filter((r) => r.json.type === type);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
