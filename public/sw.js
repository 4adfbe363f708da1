// The app shell for offline use: when the network is gone, the page and its content-hashed
// assets come from this cache, so the hall opens from IndexedDB with no signal at all.
// Navigations try the network first (a new release shows at once when online); hashed
// assets never change, so they are served from the cache first.
const CACHE = 'yishiting-shell-v1';
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)$/;

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch('/', { cache: 'no-store' });
  const html = await response.clone().text();
  // Attribute values may be unquoted: Trunk minifies the page in release builds.
  const assets = [...html.matchAll(/(?:href|src)=["']?(\/[^"'\s>]+)/g)].map((m) => m[1]).filter((u) => HASHED.test(u));
  await cache.put('/', response);
  await cache.addAll(assets);
  // Drop assets of older releases.
  const keep = new Set(['/', ...assets].map((u) => new URL(u, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) caches.open(CACHE).then((c) => c.put('/', response.clone())).catch(() => {});
          return response;
        })
        .catch(() => caches.match('/')),
    );
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
