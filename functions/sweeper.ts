// Placeholder composition root: replaced by the capability that owns this function.
export const handler = async (): Promise<void> => {
  throw new Error('not implemented yet');
};
