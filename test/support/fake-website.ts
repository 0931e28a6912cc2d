import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One resource of the fake site. */
export interface FakeResource {
  body: string | Buffer;
  type: string;
  /** Answer with this status instead (500, a redirect…); `location` for redirects. */
  status?: number;
  location?: string;
  /** A Content-Length far larger than the body (a "2 GB" file): the body is then streamed slowly and never ends. */
  declaredLength?: number;
  /** Serve without an ETag or Last-Modified (a server that supports no conditional requests). */
  noValidators?: boolean;
  /** `hang`: accept the request and never answer; `trickle`: answer 200 and then send one byte every 200 ms, forever. */
  slow?: 'hang' | 'trickle';
}

export interface FakeWebsite {
  url: string;
  /** Every request, in order: path and status answered. */
  requests: { path: string; status: number; conditional: boolean }[];
  set(path: string, resource: FakeResource): void;
  remove(path: string): void;
  close(): Promise<void>;
}

const etagOf = (body: string | Buffer) => `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;

/**
 * A council website on 127.0.0.1: resources by path, strong ETags and Last-Modified with 304 answers to
 * conditional requests (as web servers do), 404 for what is not there, and whatever failures a test sets.
 */
export async function startFakeWebsite(): Promise<FakeWebsite> {
  const resources = new Map<string, FakeResource & { modified: Date }>();
  const requests: FakeWebsite['requests'] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const path =
      new URL(request.url ?? '/', 'http://x').pathname + (new URL(request.url ?? '/', 'http://x').search || '');
    const resource = resources.get(path);
    const conditional =
      request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined;
    const record = (status: number) => requests.push({ path, status, conditional });
    if (!resource) {
      record(404);
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    if (resource.status && resource.status !== 200) {
      record(resource.status);
      response
        .writeHead(resource.status, {
          'content-type': resource.type,
          ...(resource.location ? { location: resource.location } : {}),
        })
        .end(resource.body);
      return;
    }
    if (resource.slow) {
      record(200);
      open.add(response);
      if (resource.slow === 'trickle') {
        response.writeHead(200, { 'content-type': resource.type });
        const timer = setInterval(() => response.write(' '), 200);
        response.on('close', () => clearInterval(timer));
      }
      response.on('close', () => open.delete(response));
      return;
    }
    if (resource.declaredLength) {
      record(200);
      open.add(response);
      response.on('close', () => open.delete(response));
      response.writeHead(200, { 'content-type': resource.type, 'content-length': String(resource.declaredLength) });
      response.write(resource.body);
      return;
    }
    const etag = etagOf(resource.body);
    const lastModified = resource.modified.toUTCString();
    if (
      !resource.noValidators &&
      (request.headers['if-none-match'] === etag ||
        (!request.headers['if-none-match'] && request.headers['if-modified-since'] === lastModified))
    ) {
      record(304);
      response.writeHead(304, { etag }).end();
      return;
    }
    record(200);
    response
      .writeHead(200, {
        'content-type': resource.type,
        ...(resource.noValidators ? {} : { etag, 'last-modified': lastModified }),
      })
      .end(resource.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let clock = Date.UTC(2025, 0, 1);
  return {
    url,
    requests,
    set(path, resource) {
      // NOTE: each change moves Last-Modified on by a minute, as a file saved again would.
      clock += 60_000;
      resources.set(path, { ...resource, modified: new Date(clock) });
    },
    remove(path) {
      resources.delete(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTML page as council sites write them: header, navigation, a cookie banner, the article, a footer. */
export function councilPage(options: {
  title: string;
  language: 'en' | 'cy';
  body: string[];
  twin?: { language: 'en' | 'cy'; href: string };
  links?: string[];
  published?: string;
  bare?: boolean;
}): string {
  // NOTE: a bare page has no <main> or <article>, as older council pages do: the banner sits beside the text.
  const [open, close] = options.bare ? ['<div class="content">', '</div>'] : ['<main><article>', '</article></main>'];
  return `<!doctype html><html lang="${options.language === 'cy' ? 'cy-GB' : 'en-GB'}"><head><title>${options.title}</title>
${options.twin ? `<link rel="alternate" hreflang="${options.twin.language}" href="${options.twin.href}">` : ''}
${options.published ? `<meta property="article:published_time" content="${options.published}">` : ''}
</head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to make this website work. Accept all cookies or manage your cookie settings.</p></div>
<header><nav><a href="/en/">Home</a> <a href="/en/contact">Contact us</a></nav></header>
${open}<h1>${options.title}</h1>${options.body.map((paragraph) => `<p>${paragraph}</p>`).join('')}
${(options.links ?? []).map((href) => `<p><a href="${href}">${href}</a></p>`).join('')}${close}
<footer><p>Copyright the council. Accessibility statement. Privacy notice.</p></footer></body></html>`;
}
