import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../services/api-error';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads data when the keys change; a screen renders error, loading, empty or the data from it. */
export function useResource<T>(load: () => Promise<T>, keys: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(undefined);
    try {
      const value = await loader.current();
      if (ticket === latest.current) setData(value);
    } catch (caught) {
      if (ticket === latest.current) setError(toApiError(caught));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // The caller names what the load depends on.
  }, keys);

  return { data, error, loading, reload };
}
