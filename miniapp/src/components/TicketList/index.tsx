import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { useResource } from '../../hooks/use-resource';
import type { TicketPage, TicketSummary } from '../../services/types';
import { StateView } from '../StateView';
import { TicketCard } from '../TicketCard';
import { Button } from '../ui';
import './index.scss';

export interface ListTab<K extends string> {
  key: K;
  label: string;
  empty: string;
}

interface Props<K extends string> {
  tabs: readonly ListTab<K>[];
  load: (tab: K, page: number) => Promise<TicketPage>;
  onOpen: (ticket: TicketSummary) => void;
  /** Changes that should load the list again (a community switch). */
  keys?: readonly unknown[];
}

/** Tabs over a paged list of tickets, loaded again whenever the page shows. */
export function TicketList<K extends string>({ tabs, load, onOpen, keys = [] }: Props<K>) {
  const [tab, setTab] = useState<K>(tabs[0]!.key);
  const [pages, setPages] = useState(1);
  const list = useResource(async () => {
    const loaded: TicketSummary[] = [];
    let hasMore = false;
    for (let page = 1; page <= pages; page += 1) {
      const answer = await load(tab, page);
      loaded.push(...answer.items);
      hasMore = answer.hasMore;
    }
    return { items: loaded, hasMore };
  }, [tab, pages, ...keys]);

  // The first show is the first load; later shows (back from a ticket) load again.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.reload();
    shown.current = true;
  });

  const current = tabs.find((item) => item.key === tab)!;
  return (
    <View className="ticket-list">
      <View className="ticket-list__tabs" data-testid="tabs">
        {tabs.map((item) => (
          <Text
            key={item.key}
            className={`ticket-list__tab${item.key === tab ? ' ticket-list__tab--on' : ''}`}
            data-testid={`tab-${item.key}`}
            onClick={() => {
              setTab(item.key);
              setPages(1);
            }}
          >
            {item.label}
          </Text>
        ))}
      </View>
      <StateView
        loading={list.loading && !list.data}
        error={list.error}
        empty={list.data?.items.length === 0 && current.empty}
        onRetry={list.reload}
      >
        <View data-testid="ticket-list">
          {list.data?.items.map((ticket) => (
            <TicketCard key={ticket.id} ticket={ticket} onOpen={onOpen} />
          ))}
        </View>
        {list.data?.hasMore && (
          <View className="ticket-list__more">
            <Button size="small" onClick={() => setPages(pages + 1)}>
              加载更多
            </Button>
          </View>
        )}
      </StateView>
    </View>
  );
}
