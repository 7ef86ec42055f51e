import { charts, html, useEffect, useRef } from './vendor.js';

const COLOURS = ['#4cc38a', '#6ea8fe', '#f0b429', '#e5484d', '#b18cf2', '#3ec7c2', '#f38ba8'];

/** A line chart of named series (`{ name: [{ time, value }] }`, value as decimal text) with lightweight-charts. */
export function LineChart({ series, height = 220, testid }) {
  const box = useRef(null);
  const chart = useRef(null);
  const lines = useRef(new Map());
  useEffect(() => {
    chart.current = charts.createChart(box.current, {
      height,
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: '#aab4c3', attributionLogo: false },
      grid: { vertLines: { color: '#222a36' }, horzLines: { color: '#222a36' } },
      timeScale: { timeVisible: true, secondsVisible: true },
      rightPriceScale: { borderColor: '#2a3342' },
    });
    return () => {
      chart.current.remove();
      lines.current.clear();
    };
  }, [height]);
  useEffect(() => {
    Object.entries(series).forEach(([name, points], index) => {
      let line = lines.current.get(name);
      if (line === undefined) {
        line = chart.current.addSeries(charts.LineSeries, {
          color: COLOURS[index % COLOURS.length],
          title: name,
          lineWidth: 2,
        });
        lines.current.set(name, line);
      }
      line.setData(points.map((point) => ({ time: point.time, value: Number(point.value) })));
    });
  }, [series]);
  return html`<div class="chart" ref=${box} data-testid=${testid}></div>`;
}
