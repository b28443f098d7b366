import { Text, View } from '@tarojs/components';
import './index.scss';

const STARS = [1, 2, 3, 4, 5] as const;

/** 1–5 stars; tapping a star sets the rating. */
export function StarRating({ value, onChange }: { value: number; onChange: (stars: number) => void }) {
  return (
    <View className="stars" data-testid="stars">
      {STARS.map((star) => (
        <Text
          key={star}
          className={`stars__star${star <= value ? ' stars__star--on' : ''}`}
          data-testid={`star-${star}`}
          onClick={() => onChange(star)}
        >
          ★
        </Text>
      ))}
    </View>
  );
}
