import { useState } from 'react';
import { listCommunities } from '../services/catalog';
import { sessionStore } from '../stores/session';
import { useResource } from './use-resource';

/** The choice that stands for every community the person works in. */
export const ALL_COMMUNITIES = 'all';

/**
 * The community an office page shows: the one last chosen on any office page (kept in the
 * session), else every community when the page can show them together, else the first.
 * `chosen` stays undefined until the communities have loaded.
 */
export function useCommunityChoice({ allowAll = false }: { allowAll?: boolean } = {}) {
  const communities = useResource(() => listCommunities(), []);
  const [picked, setPicked] = useState(() => sessionStore.get()?.communityId ?? undefined);
  const list = communities.data;
  const known =
    list?.some((community) => community.id === picked) || (allowAll && picked === ALL_COMMUNITIES);
  const chosen = list === undefined ? undefined : known ? picked : allowAll ? ALL_COMMUNITIES : list[0]?.id;

  const choose = (id: string) => {
    setPicked(id);
    // Every community is this page's view only; a single one follows the person to the other pages.
    if (id !== ALL_COMMUNITIES) sessionStore.update({ communityId: id });
  };

  const choices = [
    ...(allowAll && (list?.length ?? 0) > 1 ? [{ value: ALL_COMMUNITIES, label: '全部小区' }] : []),
    ...(list ?? []).map((community) => ({ value: community.id, label: community.name })),
  ];

  return {
    communities,
    chosen,
    choose,
    choices,
    /** The chosen community for an API filter: undefined for every community. */
    communityId: chosen === ALL_COMMUNITIES ? undefined : chosen,
  };
}

export type CommunityChoice = ReturnType<typeof useCommunityChoice>;
