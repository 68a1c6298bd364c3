import { useRef, type KeyboardEvent } from "react";

export type ConsultationView = "summary" | "notes";

const VIEWS: { view: ConsultationView; label: string }[] = [
  { view: "summary", label: "Summary" },
  { view: "notes", label: "Notes" },
];

export const tabId = (view: ConsultationView) => `${view}-tab`;
export const panelId = (view: ConsultationView) => `${view}-panel`;

/** "Summary | Notes" on a screen too narrow for both side by side (the CSS shows it there only). */
export function ViewTabs({
  view,
  onChange,
}: {
  view: ConsultationView;
  onChange: (view: ConsultationView) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const choose = (index: number) => {
    const next = VIEWS[(index + VIEWS.length) % VIEWS.length]!;
    onChange(next.view);
    list.current?.querySelector<HTMLElement>(`#${tabId(next.view)}`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = VIEWS.findIndex((tab) => tab.view === view);
    const keys: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: VIEWS.length - 1,
    };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    choose(next);
  };
  return (
    <div role="tablist" aria-label="Consultation" className="view-tabs" ref={list} onKeyDown={onKeyDown}>
      {VIEWS.map((tab) => (
        <button
          key={tab.view}
          type="button"
          role="tab"
          id={tabId(tab.view)}
          aria-controls={panelId(tab.view)}
          aria-selected={view === tab.view}
          tabIndex={view === tab.view ? 0 : -1}
          onClick={() => onChange(tab.view)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
