/** Every JSON document xcred prints or returns says which shape it is; a list (`creds list`) stays a bare array. */
export function withSchemaVersion<T>(json: T): T extends readonly unknown[] ? T : T & { schemaVersion: 1 } {
  if (json === null || typeof json !== 'object' || Array.isArray(json) || 'schemaVersion' in json) return json as never;
  return { schemaVersion: 1, ...json } as never;
}
