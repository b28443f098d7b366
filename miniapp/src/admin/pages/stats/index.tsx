import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { BarChart } from '../../../components/BarChart';
import { ChoiceChips } from '../../../components/ChoiceChips';
import { CommunityChips } from '../../../components/CommunityChips';
import { StateView } from '../../../components/StateView';
import { useCommunityChoice } from '../../../hooks/use-community-choice';
import { useResource } from '../../../hooks/use-resource';
import { statsApi } from '../../../services/stats';
import type { TicketStats } from '../../../services/types';
import { formatFen } from '../../../utils/money';
import { dayLabel, doneCount, formatHours, formatRating, isQuiet, openCount } from './figures';
import './index.scss';

type RangeDays = '7' | '30' | '90';

const RANGES: { value: RangeDays; label: string }[] = [
  { value: '7', label: '7 天' },
  { value: '30', label: '30 天' },
  { value: '90', label: '90 天' },
];

const STEPS: { key: keyof TicketStats['averageHours']; label: string }[] = [
  { key: 'reportToDispatch', label: '报修 → 派单' },
  { key: 'dispatchToTake', label: '派单 → 接单' },
  { key: 'takeToComplete', label: '接单 → 完工' },
  { key: 'completeToAcceptance', label: '完工 → 验收' },
];

const TOP_CATEGORIES = 5;

function Figure({
  label,
  value,
  testId,
  warn = false,
}: {
  label: string;
  value: string;
  testId: string;
  warn?: boolean;
}) {
  return (
    <View className="stats__figure">
      <Text className={`stats__number${warn ? ' stats__number--warn' : ''}`} data-testid={testId}>
        {value}
      </Text>
      <Text className="stats__caption">{label}</Text>
    </View>
  );
}

function Figures({ stats }: { stats: TicketStats }) {
  const top = stats.byCategory.slice(0, TOP_CATEGORIES);
  const mostReported = Math.max(1, ...top.map((category) => category.reported));
  return (
    <>
      <View className="stats__card stats__figures">
        <Figure label="报修" value={String(stats.reported)} testId="stats-reported" />
        <Figure label="未完工" value={String(openCount(stats))} testId="stats-open" />
        <Figure label="已完工/关闭" value={String(doneCount(stats))} testId="stats-done" />
        <Figure
          label="当前超时"
          value={String(stats.overdueNow)}
          testId="stats-overdue"
          warn={stats.overdueNow > 0}
        />
        <Figure
          label={`平均评分（${stats.ratings.rated} 条）`}
          value={formatRating(stats.ratings.average)}
          testId="stats-rating"
        />
        <Figure
          label="差评（1–2 星）"
          value={String(stats.ratings.bad)}
          testId="stats-bad"
          warn={stats.ratings.bad > 0}
        />
      </View>

      <View className="stats__card">
        <Text className="stats__title">每日报修</Text>
        <BarChart
          bars={stats.daily.map((day) => ({ label: dayLabel(day.day), value: day.reported }))}
          unit=" 单"
          testId="stats-daily"
        />
      </View>

      <View className="stats__card">
        <Text className="stats__title">各环节平均用时</Text>
        {STEPS.map((step) => (
          <View key={step.key} className="stats__row" data-testid={`stats-step-${step.key}`}>
            <Text>{step.label}</Text>
            <Text className="stats__value">{formatHours(stats.averageHours[step.key])}</Text>
          </View>
        ))}
      </View>

      <View className="stats__card">
        <Text className="stats__title">报修最多的类别</Text>
        {top.length === 0 ? (
          <Text className="stats__none">没有报修</Text>
        ) : (
          top.map((category) => (
            <View key={category.categoryId} className="stats__category" data-testid="stats-category">
              <Text className="stats__category-name">{category.name}</Text>
              <View className="stats__meter">
                <View
                  className="stats__meter-fill"
                  style={{ width: `${(category.reported / mostReported) * 100}%` }}
                />
              </View>
              <Text className="stats__value">{category.reported}</Text>
            </View>
          ))
        )}
      </View>

      <View className="stats__card">
        <Text className="stats__title">工程师</Text>
        {stats.byEngineer.length === 0 ? (
          <Text className="stats__none">这段时间没有完工的工单</Text>
        ) : (
          <View className="stats__table">
            <View className="stats__tr stats__tr--head">
              <Text className="stats__td stats__td--name">姓名</Text>
              <Text className="stats__td">完工</Text>
              <Text className="stats__td">平均用时</Text>
              <Text className="stats__td">评分</Text>
            </View>
            {stats.byEngineer.map((engineer) => (
              <View key={engineer.engineerId} className="stats__tr" data-testid="stats-engineer">
                <Text className="stats__td stats__td--name">{engineer.name}</Text>
                <Text className="stats__td">{engineer.completed}</Text>
                <Text className="stats__td">{formatHours(engineer.averageHoursToComplete)}</Text>
                <Text className="stats__td">{formatRating(engineer.averageRating)}</Text>
              </View>
            ))}
          </View>
        )}
      </View>

      <View className="stats__card">
        <Text className="stats__title">加价收款</Text>
        <View className="stats__row">
          <Text>已收</Text>
          <Text className="stats__value" data-testid="stats-paid">
            {formatFen(stats.surcharges.paidFen)}
          </Text>
        </View>
        <View className="stats__row">
          <Text>已退</Text>
          <Text className="stats__value" data-testid="stats-refunded">
            {formatFen(stats.surcharges.refundedFen)}
          </Text>
        </View>
        <View className="stats__row">
          <Text>净收</Text>
          <Text className="stats__value stats__value--strong" data-testid="stats-net">
            {formatFen(stats.surcharges.netFen)}
          </Text>
        </View>
      </View>
    </>
  );
}

/** The office's figures: a community (or all of theirs) over the last 7, 30 or 90 days. */
export default function Stats() {
  const community = useCommunityChoice({ allowAll: true });
  const { chosen, communityId } = community;
  const [days, setDays] = useState<RangeDays>('30');
  // Waits for the communities, so the figures are asked for once, for the chosen one.
  const stats = useResource(
    async () => (chosen === undefined ? undefined : statsApi.tickets({ communityId, days: Number(days) })),
    [chosen, days],
  );
  const data = stats.data;

  return (
    <View className="stats" data-testid="stats">
      <CommunityChips choice={community} />
      <View className="stats__ranges">
        <ChoiceChips choices={RANGES} value={days} onChange={setDays} testId="stats-range" />
      </View>
      <StateView
        loading={(stats.loading && !data) || (chosen === undefined && !community.communities.error)}
        error={community.communities.error ?? stats.error}
        onRetry={community.communities.error ? community.communities.reload : stats.reload}
        empty={data !== undefined && isQuiet(data) && `最近 ${days} 天没有报修`}
      >
        {data && (
          <View className={stats.loading ? 'stats__body stats__body--stale' : 'stats__body'}>
            <Figures stats={data} />
          </View>
        )}
      </StateView>
    </View>
  );
}
