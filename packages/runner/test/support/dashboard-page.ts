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
 * sent (the figures move while bots trade).
 */
export function recordAnswers(page: Page): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (!path.startsWith('/api/') || path === '/api/events' || response.status() !== 200) return;
    try {
      answers.set(path, await response.json());
    } catch {
      // a response the page navigated away from
    }
  });
  return answers;
}
