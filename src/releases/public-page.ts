/** The release's public page under PUBLIC_URL: the link social posts carry; it exists from the lift on. */
export const publicPage = (publicUrl: string, releaseId: string) => `${publicUrl}/r/${releaseId}`;
