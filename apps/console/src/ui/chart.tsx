import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'preact/hooks';

export type ChartOption = EChartsCoreOption;

// ECharts is most of the console's code: it is loaded once, beside the first view, so that
// figures and tables paint without waiting for it.
let library: Promise<typeof import('./echarts-setup')> | undefined;
const loadLibrary = () => (library ??= import('./echarts-setup'));

/** The console's palette: distinguishable, and dark enough on white for contrast. */
export const PALETTE = ['#1f5fa8', '#d9730d', '#2e8540', '#b3261e', '#6b4fa8', '#0f7c8c', '#8a6d00', '#5f6b7a'];

function pointsOf(option: ChartOption): number {
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as { data?: unknown[] }[];
  return series.reduce((sum, s) => sum + (Array.isArray(s.data) ? s.data.length : 0), 0);
}

/**
 * One chart. `label` names it for screen readers (ECharts' aria module adds a description of the
 * data); data-points tells how many points it draws, so an empty chart is visible to tests too.
 */
export function Chart({ option, label, height = 280 }: { option: ChartOption; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType>();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let resize: ResizeObserver | undefined;
    let gone = false;
    void loadLibrary().then(({ echarts }) => {
      if (gone || !element.current) return;
      chart.current = echarts.init(element.current, undefined, { renderer: 'canvas' });
      resize = new ResizeObserver(() => chart.current?.resize());
      resize.observe(element.current);
      setReady(true);
    });
    return () => {
      gone = true;
      resize?.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    if (ready) chart.current?.setOption({ color: PALETTE, aria: { enabled: true }, animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  }, [option, ready]);
  const points = pointsOf(option);
  return (
    <figure class="chart" aria-label={label} data-points={points} data-drawn={ready ? 'true' : undefined}>
      <div ref={element} style={{ height: `${height}px`, width: '100%' }} role="img" aria-label={label} />
      {points === 0 && <figcaption class="empty">No data for this view.</figcaption>}
    </figure>
  );
}
