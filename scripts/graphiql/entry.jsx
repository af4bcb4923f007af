// The GraphiQL page's script, bundled by scripts/build-graphiql.mjs into
// dist/graphiql/graphiql.js (browser code, not part of the TypeScript build).
// The server's page gives the endpoint and the assets' folder as data
// attributes of #graphiql; Monaco's workers are separate bundles beside it.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('graphiql');
const assets = root.dataset.assets;
const WORKERS = { json: 'json.worker.js', graphql: 'graphql.worker.js' };

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(assets + (WORKERS[label] ?? 'editor.worker.js'));
  },
};

const url = new URL(root.dataset.endpoint, location.href);
const wsUrl = new URL(url.href);
wsUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = createGraphiQLFetcher({ url: url.href, subscriptionUrl: wsUrl.href, enableIncrementalDelivery: false });

createRoot(root).render(createElement(GraphiQL, { fetcher, defaultQuery: root.dataset.defaultQuery ?? '' }));
