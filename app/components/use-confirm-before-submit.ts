import { useRef, useState, type FormEvent } from "react";

/**
 * Asks before a form submits when `needed` (an edited summary it would replace): the submit opens
 * a ConfirmDialog instead, and confirming submits the form for real.
 */
export function useConfirmBeforeSubmit(needed: boolean) {
  const [asking, setAsking] = useState(false);
  const confirmed = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  return {
    form,
    asking,
    onSubmit(event: FormEvent<HTMLFormElement>) {
      if (needed && !confirmed.current) {
        event.preventDefault();
        setAsking(true);
      }
    },
    cancel: () => setAsking(false),
    confirm() {
      setAsking(false);
      confirmed.current = true;
      form.current?.requestSubmit();
      confirmed.current = false;
    },
  };
}
