/**
 * Renders build/icon.svg to build/icon.png (1024 px), the image electron-builder turns into the .icns,
 * .ico and Linux icons. Run after editing the SVG: `npx tsx scripts/render-icon.ts`; both files are
 * checked in, so packaging needs neither this script nor a canvas.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas'
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

const build = resolve(import.meta.dirname, '../build')
const size = 1024
const image = await loadImage(readFileSync(resolve(build, 'icon.svg')))
const canvas = createCanvas(size, size)
canvas.getContext('2d').drawImage(image, 0, 0, size, size)
writeFileSync(resolve(build, 'icon.png'), canvas.toBuffer('image/png'))
