import { Text, View } from '@tarojs/components';
import './index.scss';

export interface Bar {
  label: string;
  value: number;
}

interface Props {
  bars: readonly Bar[];
  /** What the values count, after the largest value on the axis: "单". */
  unit?: string;
  testId: string;
}

/** The labels under the axis: the first, the middle and the last bar's, so 90 days stay legible. */
function axisLabels(bars: readonly Bar[]): string[] {
  if (bars.length <= 3) return bars.map((bar) => bar.label);
  return [bars[0]!.label, bars[Math.floor((bars.length - 1) / 2)]!.label, bars[bars.length - 1]!.label];
}

/**
 * Vertical bars drawn with plain views, so it renders alike in H5 and every mini-program and costs
 * no chart library (each of those adds ~450 KB). Heights are relative to the largest value.
 */
export function BarChart({ bars, unit = '', testId }: Props) {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const labels = axisLabels(bars);
  return (
    <View className="bar-chart" data-testid={testId}>
      <View className="bar-chart__top">
        <Text className="bar-chart__max" data-testid={`${testId}-max`}>
          {max}
          {unit}
        </Text>
      </View>
      <View className="bar-chart__plot">
        {bars.map((bar) => (
          <View key={bar.label} className="bar-chart__slot">
            <View
              className={`bar-chart__bar${bar.value > 0 ? ' bar-chart__bar--some' : ''}`}
              style={{ height: max > 0 ? `${(bar.value / max) * 100}%` : '0' }}
              data-testid={`${testId}-bar`}
              data-label={bar.label}
              data-value={String(bar.value)}
            />
          </View>
        ))}
      </View>
      <View className="bar-chart__axis">
        {labels.map((label) => (
          <Text key={label} className="bar-chart__label">
            {label}
          </Text>
        ))}
      </View>
    </View>
  );
}
