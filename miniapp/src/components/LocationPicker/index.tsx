import { Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import type { LocationNode } from '../../services/types';
import './index.scss';

interface Props {
  tree: readonly LocationNode[];
  value: string | undefined;
  onChange: (id: string, path: string) => void;
}

/** Finds a node and the names from the top down to it. */
export function findLocation(
  tree: readonly LocationNode[],
  id: string,
  trail: LocationNode[] = [],
): LocationNode[] | undefined {
  for (const node of tree) {
    if (node.id === id) return [...trail, node];
    const found = findLocation(node.children, id, [...trail, node]);
    if (found) return found;
  }
  return undefined;
}

export const pathName = (trail: readonly LocationNode[]) => trail.map((node) => node.name).join(' › ');

/**
 * Area › building › floor › room, one level at a time. A node without children (a room or a
 * public place) is chosen by tapping it; "选这里" chooses the level being shown.
 */
export function LocationPicker({ tree, value, onChange }: Props) {
  const [trail, setTrail] = useState<LocationNode[]>(() =>
    value ? (findLocation(tree, value)?.slice(0, -1) ?? []) : [],
  );
  const level = trail.length === 0 ? tree : trail[trail.length - 1]!.children;
  const chosenPath = useMemo(() => (value ? pathName(findLocation(tree, value) ?? []) : ''), [tree, value]);

  const open = (node: LocationNode) => {
    if (node.children.length === 0) onChange(node.id, pathName([...trail, node]));
    else setTrail([...trail, node]);
  };

  return (
    <View className="location-picker" data-testid="location-picker">
      <View className="location-picker__crumbs">
        <Text className="location-picker__crumb" data-testid="location-top" onClick={() => setTrail([])}>
          全部
        </Text>
        {trail.map((node, index) => (
          <Text
            key={node.id}
            className="location-picker__crumb"
            onClick={() => setTrail(trail.slice(0, index + 1))}
          >
            › {node.name}
          </Text>
        ))}
        {trail.length > 0 && (
          <Text
            className="location-picker__here"
            data-testid="location-here"
            onClick={() => onChange(trail[trail.length - 1]!.id, pathName(trail))}
          >
            选这里
          </Text>
        )}
      </View>
      <View className="location-picker__options">
        {level.map((node) => (
          <Text
            key={node.id}
            className={`location-picker__option${node.id === value ? ' location-picker__option--on' : ''}`}
            data-testid={`location-${node.name}`}
            onClick={() => open(node)}
          >
            {node.name}
            {node.children.length > 0 ? ' ›' : ''}
          </Text>
        ))}
      </View>
      {chosenPath !== '' && (
        <Text className="location-picker__chosen" data-testid="location-chosen">
          已选：{chosenPath}
        </Text>
      )}
    </View>
  );
}
