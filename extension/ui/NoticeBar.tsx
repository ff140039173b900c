/** The last notice ("Copied…", "Deleted … Undo"), announced politely; it fades after a while on its own. */
import { useEffect } from 'react';
import { useUi } from './store.js';

const NOTICE_MS = 10_000;

export function NoticeBar() {
  const { notice, say, run } = useUi();
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => say(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, say]);
  return (
    <div className="notice" role="status" aria-live="polite">
      {notice && (
        <>
          <span>{notice.text}</span>
          {notice.action && (
            <button type="button" className="ghost" onClick={() => void run(notice.action!.run)}>
              {notice.action.label}
            </button>
          )}
        </>
      )}
    </div>
  );
}
