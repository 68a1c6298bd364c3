// Consultation and summary ids are randomUUID()s. Anything else where one belongs was typed by
// someone, and may be a patient's name: it is never stored, logged or echoed in a URL.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
