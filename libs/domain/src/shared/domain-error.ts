/**
 * Why a command was refused, in the business's words. `kind` says what sort of refusal
 * it is so that every transport can answer consistently (HTTP status, dead-letter reason).
 */
export type RefusalKind = 'invalid' | 'not_found' | 'conflict' | 'rule';

export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const refuse = {
  invalid: (code: string, message: string, details?: Record<string, unknown>) => new DomainError('invalid', code, message, details),
  notFound: (code: string, message: string, details?: Record<string, unknown>) => new DomainError('not_found', code, message, details),
  conflict: (code: string, message: string, details?: Record<string, unknown>) => new DomainError('conflict', code, message, details),
  rule: (code: string, message: string, details?: Record<string, unknown>) => new DomainError('rule', code, message, details),
};
