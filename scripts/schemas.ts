/**
 * The JSON Schemas in annotations/, generated from the zod schemas that the code itself validates
 * with, so the documented format and the implemented one cannot drift apart (a test checks that the
 * committed files are current).
 */
import { z } from 'zod'
import { SpanwiseExport } from '../src/shared/export/spanwise-json'

export const SCHEMA_FILES: Record<string, () => object> = {
  'spanwise-export.schema.json': () => ({
    $id: 'https://spanwise.invalid/schemas/spanwise-export-v1.json',
    title: 'Spanwise annotated corpus export, version 1',
    ...z.toJSONSchema(SpanwiseExport, { target: 'draft-2020-12', io: 'output' }),
  }),
}

export function renderSchema(name: string): string {
  return `${JSON.stringify(SCHEMA_FILES[name](), null, 2)}\n`
}
