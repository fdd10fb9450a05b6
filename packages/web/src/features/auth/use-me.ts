import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api/client';
import type { Me } from '../../api/types';

/** The signed-in person, or null when nobody is logged in. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await get<Me>('/api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}
