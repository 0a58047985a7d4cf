/**
 * True when `value` is well-formed Unicode: no lone UTF-16 surrogate. Only such strings have a UTF-8 form, so only
 * they can travel in an Avro string (and in a utf8mb4 column) unchanged.
 */
export function isWellFormedString(value: string): boolean {
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed();
}
