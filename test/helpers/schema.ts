/** Validates data against a JSON Schema committed in annotations/, with ajv (draft 2020-12). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'

export const ANNOTATIONS_DIR = join(import.meta.dirname, '../../annotations')

export function validateAgainstSchema(data: unknown, schemaFile = 'spanwise-export.schema.json'): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  const validate = ajv.compile(JSON.parse(readFileSync(join(ANNOTATIONS_DIR, schemaFile), 'utf8')))
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}
