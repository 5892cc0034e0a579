import { Box, Center, Loader } from '@mantine/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsType } from './echarts';

/** What a click on a bar, point or cell tells: the series, and the category (or [x, y] of a heat-map cell). */
export interface ChartClick {
  seriesIndex: number;
  seriesName: string;
  dataIndex: number;
  name: string;
  value: unknown;
}

export type ChartOption = EChartsCoreOption;

/** The chart's element; the chart itself hangs on it, for browser tests that point at a bar. */
export type ChartElement = HTMLDivElement & { chart?: EChartsType };

let library: Promise<typeof import('./echarts')> | undefined;
const loadLibrary = () => (library ??= import('./echarts'));

/**
 * An ECharts chart, drawn once the library has loaded and redrawn when `option` changes; a click on a bar or a
 * cell calls `onClick`. Screen readers get `label` (the table next to every chart carries the figures).
 */
export function Chart({ option, height, label, onClick }: { option: ChartOption; height: number; label: string; onClick?: (click: ChartClick) => void }) {
  const { t } = useTranslation();
  const element = useRef<ChartElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadLibrary().then(({ init }) => {
      if (disposed || !element.current) return;
      const instance = init(element.current, undefined, { renderer: 'canvas' });
      instance.on('click', (params) => clickRef.current?.(params as unknown as ChartClick));
      chart.current = instance;
      element.current.chart = instance;
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(element.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready || !chart.current) return;
    chart.current.setOption({ animation: false, ...option }, { notMerge: true });
    if (element.current) element.current.dataset.rendered = 'true';
  }, [ready, option]);

  return (
    <Box pos="relative" h={height}>
      <div ref={element} role="img" aria-label={label} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />
      {!ready && (
        <Center pos="absolute" inset={0}>
          <Loader role="status" size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
    </Box>
  );
}
