import { useEffect, useState } from "preact/hooks";

export interface Loaded<T> {
  data?: T;
  error?: string;
}

/** Loads `load()` now and every `everyMs` (0: once); keeps the last good value when a refresh fails. */
export function usePoll<T>(load: () => Promise<T>, everyMs: number, deps: unknown[] = []): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({});
  useEffect(() => {
    let live = true;
    const run = () =>
      load().then(
        (data) => live && setState({ data }),
        (e: Error) => live && setState((s) => ({ data: s.data, error: e.message })),
      );
    void run();
    const timer = everyMs > 0 ? setInterval(run, everyMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, deps);
  return state;
}
