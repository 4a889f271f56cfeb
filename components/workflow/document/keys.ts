/** Keys of the Document step, under the incident so the live "postmortem"/"actions" topics reach them. */
export const postmortemKey = (incidentId: string) =>
  ["incident", incidentId, "postmortem"] as const;
export const actionItemsKey = (incidentId: string) => ["incident", incidentId, "actions"] as const;
