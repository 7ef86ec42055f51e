import { listen } from './api.js';
import { time } from './format.js';
import { AccountPage } from './page-account.js';
import { BotsPage } from './page-bots.js';
import { ControlsPage } from './page-controls.js';
import { FeesPage } from './page-fees.js';
import { GuardPage } from './page-guard.js';
import { KeysPage } from './page-keys.js';
import { MarginPage } from './page-margin.js';
import { html, render, useEffect, useRef, useState } from './vendor.js';

const PAGES = [
  { id: 'account', title: 'Account', Page: AccountPage },
  { id: 'margin', title: 'Margin', Page: MarginPage },
  { id: 'fees', title: 'Fees', Page: FeesPage },
  { id: 'keys', title: 'API keys', Page: KeysPage },
  { id: 'bots', title: 'Bots', Page: BotsPage },
  { id: 'guard', title: 'Guard', Page: GuardPage },
  { id: 'controls', title: 'Controls', Page: ControlsPage },
];

function currentPage() {
  const id = window.location.hash.replace(/^#\/?/, '');
  return PAGES.find((page) => page.id === id) ?? PAGES[0];
}

// News from the server moves `tick` at most once a second, so pages refetch when something happened without
// refetching on every decision of a busy guard.
function useLive() {
  const [overview, setOverview] = useState(undefined);
  const [connected, setConnected] = useState(false);
  const [tick, setTick] = useState(0);
  const [decisions, setDecisions] = useState([]);
  const pending = useRef(false);
  useEffect(() => {
    const bump = () => {
      if (pending.current) return;
      pending.current = true;
      setTimeout(() => {
        pending.current = false;
        setTick((n) => n + 1);
      }, 1000);
    };
    return listen((type, data) => {
      if (type === 'status') setOverview(data);
      else if (type === 'decision') setDecisions((list) => [data, ...list].slice(0, 50));
      if (type !== 'status') bump();
    }, setConnected);
  }, []);
  return { overview, connected, tick, decisions };
}

function Header({ overview, connected }) {
  if (overview === undefined) return html`<header class="top"><h1>krakenkit</h1></header>`;
  const state = overview.tradingState.state;
  return html`<header class="top">
    <h1>krakenkit <small>${overview.config}</small></h1>
    <span class="chip">${overview.exchange === 'mock' ? 'paper · embedded mock' : 'LIVE · Kraken'}</span>
    <span class="chip">${overview.mode === 'session' ? `${overview.bots.length} bot(s) running` : 'account view'}</span>
    <span class="chip">tier ${overview.tier}</span>
    <span class=${`chip state ${state.toLowerCase()}`} data-testid="trading-state" title=${overview.tradingState.reason}
      >${state}</span
    >
    ${overview.stopReason === null ? '' : html`<span class="chip warn">stopped: ${overview.stopReason}</span>`}
    <span class=${connected ? 'live on' : 'live'} title="live updates">${connected ? 'live' : 'reconnecting'} · ${time(overview.at)}</span>
  </header>`;
}

function App() {
  const [page, setPage] = useState(currentPage());
  const live = useLive();
  useEffect(() => {
    const onHash = () => setPage(currentPage());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const { Page } = page;
  return html`<${Header} overview=${live.overview} connected=${live.connected} />
    <nav>
      ${PAGES.map(
        ({ id, title }) =>
          html`<a href=${`#/${id}`} class=${id === page.id ? 'active' : ''} data-page=${id}>${title}</a>`,
      )}
    </nav>
    <main data-page=${page.id}><${Page} tick=${live.tick} live=${live} /></main>`;
}

render(html`<${App} />`, document.getElementById('app'));
