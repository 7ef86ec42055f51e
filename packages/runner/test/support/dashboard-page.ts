import type { Page } from 'playwright-core';

/** Decimal text grouped as the page shows it (`150000.5` → `150,000.5`): the page's own rule, restated. */
export function grouped(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign === '' ? whole : whole.slice(1);
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Every number the page shows, by its `data-field`: the exact text it was given and what it reads. */
export async function shownFields(page: Page): Promise<Record<string, { value: string; text: string }>> {
  const shown = await page.locator('main [data-field][data-value]').evaluateAll((elements) =>
    elements.map((element) => ({
      field: element.getAttribute('data-field') ?? '',
      value: element.getAttribute('data-value') ?? '',
      text: (element.textContent ?? '').trim(),
    })),
  );
  return Object.fromEntries(shown.map(({ field, value, text }) => [field, { value, text }]));
}

/**
 * The JSON the page itself last received from each API path, so a test compares the page with exactly what it was
 * sent (the figures move while bots trade). Each answer is recorded before the page gets it (the requests go
 * through a route that fetches, records, then fulfills), so whatever the page shows, the map already holds the
 * answer it was drawn from. The event stream is left alone: it never ends.
 */
export async function recordAnswers(page: Page): Promise<Map<string, unknown>> {
  const answers = new Map<string, unknown>();
  const recorded = (url: URL) => url.pathname.startsWith('/api/') && url.pathname !== '/api/events';
  await page.route(recorded, async (route) => {
    let response: Awaited<ReturnType<typeof route.fetch>>;
    try {
      response = await route.fetch();
    } catch {
      await route.abort().catch(() => undefined); // the page navigated away, or the server closed
      return;
    }
    if (response.status() === 200) {
      try {
        answers.set(new URL(route.request().url()).pathname, await response.json());
      } catch {
        // not JSON: the page gets it as it is
      }
    }
    await route.fulfill({ response }).catch(() => undefined);
  });
  return answers;
}
