/** The SDK's one error: the API's `{ error: { code, message, details } }` plus the HTTP status. */
export class SuanliApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "SuanliApiError";
  }
}
