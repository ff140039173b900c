import { useUi } from './store.js';

/** Long work the background reports (an import, a vault re-encrypted under a new key), while it runs. */
export function ProgressLine() {
  const { busy, progress } = useUi();
  if (!busy || !progress) return null;
  return (
    <label>
      {progress.label}: {progress.done} of {progress.total}
      <progress max={progress.total} value={progress.done} />
    </label>
  );
}
