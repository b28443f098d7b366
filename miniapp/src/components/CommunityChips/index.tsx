import { View } from '@tarojs/components';
import type { CommunityChoice } from '../../hooks/use-community-choice';
import { ChoiceChips } from '../ChoiceChips';
import './index.scss';

/** The office's community switch, shown when there is more than one community to choose from. */
export function CommunityChips({ choice }: { choice: CommunityChoice }) {
  if (choice.choices.length < 2) return null;
  return (
    <View className="community-chips">
      <ChoiceChips
        choices={choice.choices}
        value={choice.chosen}
        onChange={choice.choose}
        testId="community"
      />
    </View>
  );
}
