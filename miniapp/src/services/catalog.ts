import { request } from './http';
import type { Category, Community, LocationNode } from './types';

export function listCommunities(): Promise<Community[]> {
  return request<Community[]>('GET', '/communities');
}

export function locationTree(communityId: string): Promise<LocationNode[]> {
  return request<LocationNode[]>('GET', `/communities/${communityId}/location-tree`);
}

export function listCategories(communityId: string): Promise<Category[]> {
  return request<Category[]>('GET', '/categories', { query: { communityId, active: true } });
}
