import { Picker, Text, View } from '@tarojs/components';
import { localDay, localInstant } from '../../utils/format';

export interface PlanTime {
  day: string;
  time: string;
}

/** A planned job is proposed for tomorrow morning unless the engineer picks another time. */
export function defaultPlan(now: Date = new Date()): PlanTime {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { day: localDay(tomorrow), time: '09:00' };
}

/** The instant the plan names, or null when it is not after now (the server refuses those). */
export function plannedInstant(plan: PlanTime, now: Date = new Date()): Date | null {
  const instant = localInstant(plan.day, plan.time);
  return Number.isNaN(instant.getTime()) || instant.getTime() <= now.getTime() ? null : instant;
}

interface Props {
  value: PlanTime;
  onChange: (value: PlanTime) => void;
}

/** The day and time a planned job will be done: pickers that start today, and a note when it is past. */
export function PlanFields({ value, onChange }: Props) {
  const past = plannedInstant(value) === null;
  return (
    <View className="action-form__plan" data-testid="plan-fields">
      <Text className="action-form__label">计划维修时间</Text>
      <View className="action-form__part">
        <Picker
          className="action-form__picker"
          mode="date"
          value={value.day}
          start={localDay(new Date())}
          data-testid="plan-day"
          onChange={(event) => onChange({ ...value, day: String(event.detail.value) })}
        >
          <Text className="action-form__picked">{value.day} ›</Text>
        </Picker>
        <Picker
          className="action-form__picker action-form__picker--short"
          mode="time"
          value={value.time}
          data-testid="plan-time"
          onChange={(event) => onChange({ ...value, time: String(event.detail.value) })}
        >
          <Text className="action-form__picked">{value.time} ›</Text>
        </Picker>
      </View>
      {past && (
        <Text className="action-form__hint action-form__hint--warn" data-testid="plan-past">
          计划时间须晚于现在
        </Text>
      )}
    </View>
  );
}
