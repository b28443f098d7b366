import { Text, View } from '@tarojs/components';
import './index.scss';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  choices: readonly Choice<T>[];
  /** One value, or several when `multiple`. */
  value: T | readonly T[] | undefined;
  onChange: (value: T) => void;
  testId: string;
}

/** A row of tappable options; the chosen ones are highlighted. */
export function ChoiceChips<T extends string>({ choices, value, onChange, testId }: Props<T>) {
  const chosen = (choice: T) => (Array.isArray(value) ? value.includes(choice) : value === choice);
  return (
    <View className="chips" data-testid={testId}>
      {choices.map((choice) => (
        <Text
          key={choice.value}
          className={`chips__chip${chosen(choice.value) ? ' chips__chip--on' : ''}`}
          data-testid={`${testId}-${choice.value}`}
          onClick={() => onChange(choice.value)}
        >
          {choice.label}
        </Text>
      ))}
    </View>
  );
}
