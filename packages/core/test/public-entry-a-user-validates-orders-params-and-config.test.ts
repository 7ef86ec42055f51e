/**
 * @krakenkit/core used only through its public entries, as the other packages and their users use it: the root for
 * money, orders, errors and the shipped tables; `/params` to define an endpoint's wire params; `/config` to load a
 * YAML file whose every problem is reported at file:line:column.
 */
import {
  AllowanceTable,
  ConfigError,
  Decimal,
  formatIssue,
  KRAKENKIT_CODES,
  loadAllowanceTable,
  parseOrder,
  toWireDecimal,
  ValidationError,
} from '@krakenkit/core';
import { issuesFromZod, moneySchema, parseYamlSource } from '@krakenkit/core/config';
import { intInRange, oneOf, toBool, toPair, WireBuilder } from '@krakenkit/core/params';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

function thrown(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('@krakenkit/core through its public entries', () => {
  it('root: validates an order once, keeps money decimal, and refuses a JS number as money', () => {
    const order = parseOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.01',
      price: '60000',
    });
    expect(Object.isFrozen(order)).toBe(true);
    expect(order.volume).toBeInstanceOf(Decimal);
    expect(toWireDecimal('volume', new Decimal('0.10'))).toBe('0.1');
    const error = thrown(() => toWireDecimal('volume', 0.1));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: KRAKENKIT_CODES.MONEY_NOT_DECIMAL, field: 'volume' });
  });

  it('root: reads the shipped margin allowance table and answers by Kraken asset code', () => {
    const table = new AllowanceTable(loadAllowanceTable(), 'intermediate');
    expect(table.currencyOf('ZUSD')).toBe('USD');
    expect(table.currencyOf('XXBT')).toBe('BTC');
  });

  it('/params: an endpoint builds its wire params in key order and names the field at fault', () => {
    const depthWire = (params: unknown) => {
      const wire = new WireBuilder('Depth', params, ['pair', 'count', 'asset_class', 'validate']);
      wire.required('pair', toPair);
      wire.optional('count', intInRange(1, 500));
      wire.optional('asset_class', oneOf(['tokenized_asset']));
      wire.optional('validate', toBool);
      return wire.done();
    };
    expect(Object.keys(depthWire({ validate: false, count: '10', pair: 'XBTUSD' }))).toEqual([
      'count',
      'pair',
      'validate',
    ]);
    expect(thrown(() => depthWire({ pair: 'XBTUSD', count: 501 }))).toMatchObject({ field: 'Depth.count' });
    expect(thrown(() => depthWire({ pair: 'XBTUSD', validate: 'true' }))).toMatchObject({
      field: 'Depth.validate',
    });
    expect(thrown(() => depthWire({ pair: 'XBTUSD', reduceOnly: true }))).toMatchObject({
      code: KRAKENKIT_CODES.UNKNOWN_PARAM,
    });
  });

  it('/config: a YAML loader reports every issue at file:line:column, thrown as the root ConfigError', () => {
    const schema = z.strictObject({ tier: z.enum(['starter', 'intermediate', 'pro']), cap: moneySchema });
    const load = (text: string) => {
      const source = parseYamlSource(text, 'limits.yaml');
      if (source.issues.length > 0) throw new ConfigError(source.issues);
      const parsed = schema.safeParse(source.value, { reportInput: true });
      if (!parsed.success)
        throw new ConfigError(issuesFromZod(parsed.error.issues, 'limits.yaml', source.locate));
      return parsed.data;
    };
    expect(load('tier: pro\ncap: "5000"\n')).toEqual({ tier: 'pro', cap: '5000' });
    const error = thrown(() => load('tier: gold\ncap: 5000\nextra: 1\n'));
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).issues.map(formatIssue);
    expect(lines).toEqual([
      expect.stringMatching(/^limits\.yaml:1:7: tier: /),
      expect.stringMatching(/^limits\.yaml:2:6: cap: .*quote/),
      'limits.yaml:3:1: extra: unknown key "extra"',
    ]);
  });
});
