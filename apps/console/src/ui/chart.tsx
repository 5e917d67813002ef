import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

// Only the parts the console draws: keeps the bundle to a fraction of the whole of ECharts.
echarts.use([BarChart, LineChart, PieChart, AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

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
  const chart = useRef<echarts.ECharts>();
  useEffect(() => {
    if (!element.current) return;
    chart.current = echarts.init(element.current, undefined, { renderer: 'canvas' });
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, aria: { enabled: true }, animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  }, [option]);
  const points = pointsOf(option);
  return (
    <figure class="chart" aria-label={label} data-points={points}>
      <div ref={element} style={{ height: `${height}px`, width: '100%' }} role="img" aria-label={label} />
      {points === 0 && <figcaption class="empty">No data for this view.</figcaption>}
    </figure>
  );
}
