/** `npm run schema`: regenerates the JSON Schemas in annotations/ from the zod schemas. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderSchema, SCHEMA_FILES } from './schemas'

for (const name of Object.keys(SCHEMA_FILES)) {
  const path = join(import.meta.dirname, '..', 'annotations', name)
  writeFileSync(path, renderSchema(name))
  console.log(`wrote ${path}`)
}
