// The app for offline use. At install the worker stores the page and every file of the
// release, the lazily loaded pages' chunks (lazy/) included, so that after one visit every
// screen opens with no network, even a screen never opened online. Navigations try the
// network first (a new release shows at once when online); content-hashed files never change,
// so they are served from the store first; the chunks' loader, whose name stays the same from
// release to release, is asked of the network first too.
//
// The build fills in the two lines below (scripts/wasm-split/post-build.sh): the release's
// files besides the page, and a digest of them all. So every release is a new worker, which
// stores its release at install and drops the older ones when it takes over.
const RELEASE = 'unbuilt';
const FILES = [];
const CACHE = `yishiting-${RELEASE}`;
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)$/;
const LOADER = '/__wasm_split.js';

async function storeRelease() {
  const cache = await caches.open(CACHE);
  const page = await fetch('/', { cache: 'no-store' });
  if (!page.ok) throw new Error(`the page answered ${page.status}`);
  await cache.addAll(FILES);
  await cache.put('/', page);
}

self.addEventListener('install', (event) => {
  event.waitUntil(storeRelease().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('yishiting-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/', { cacheName: CACHE })));
  } else if (url.pathname === LOADER) {
    event.respondWith(fetch(request).catch(() => caches.match(LOADER, { cacheName: CACHE })));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
  }
});
