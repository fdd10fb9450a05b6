import dns from 'node:dns';
import net from 'node:net';
import { AppError } from '@carriage/core';

/**
 * Where webhooks may be sent. Carriage makes requests on a coach's behalf, so an endpoint must be a public
 * HTTPS address: never the server's own network (loopback, private, link-local, carrier-grade NAT,
 * unique-local IPv6), checked when the webhook is registered and again for the address the name resolves
 * to at each delivery (a name may point somewhere else later). With WEBHOOK_ALLOW_LOOPBACK=true (tests,
 * local development) http:// and https:// endpoints on the loopback interface are allowed too.
 */
const blocked = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net6, bits, 'ipv6');

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether an IP address may receive webhooks. */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = family === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  if (mapped) return addressAllowed(mapped, allowLoopback);
  if (allowLoopback && loopback.check(address, family)) return true;
  return !blocked.check(address, family);
}

const refuse = (message: string) => new AppError('validation_failed', message, { fields: { url: message } });

/** Checks an endpoint when it is registered; answers the normalized address or refuses with a sentence. */
export function checkWebhookUrl(raw: string, allowLoopback: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('Give a full web address, like https://example.com/hooks/carriage.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isLoopbackHost = host === 'localhost' || (net.isIP(host) !== 0 && loopback.check(host, net.isIPv6(host) ? 'ipv6' : 'ipv4'));
  if (url.protocol !== 'https:' && !(allowLoopback && url.protocol === 'http:' && isLoopbackHost)) {
    throw refuse('Webhooks are sent only to https:// addresses.');
  }
  if (url.username || url.password) throw refuse('Leave the user name and password out of the address; each delivery is signed instead.');
  if (isLoopbackHost ? !allowLoopback : net.isIP(host) !== 0 && !addressAllowed(host, false)) {
    throw refuse('That address is on a private network. Give an address the internet can reach.');
  }
  if (!isLoopbackHost && net.isIP(host) === 0 && !host.includes('.')) throw refuse('Give a full host name, like hooks.example.com.');
  url.hash = '';
  return url.toString();
}

/** A DNS lookup for outgoing webhook requests that refuses private addresses, so the check holds at connect time. */
export function guardedLookup(allowLoopback: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const ok = list.find((a) => addressAllowed(a.address, allowLoopback));
      if (!ok) {
        const e = Object.assign(new Error(`${hostname} resolves to a private address; webhooks go only to public addresses.`), { code: 'EBLOCKED' });
        return callback(e, '', 4);
      }
      if ((options as dns.LookupAllOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [ok]);
      callback(null, ok.address, ok.family);
    });
  };
}
