/**
 * The renderer's undo stack, under Node: undo and redo in the right order, a new change clears redo,
 * the depth is bounded; and with the save queue, the calls to main follow each step in order.
 */
import { describe, expect, it, vi } from 'vitest'
import { SaveQueue } from '../../../src/renderer/app/save-queue'
import { UndoStack, type Command } from '../../../src/renderer/app/undo'

/** A command that records what it did in `log`. */
function command(name: string, log: string[]): Command {
  return { label: name, apply: () => log.push(`do ${name}`), revert: () => log.push(`undo ${name}`) }
}

describe('UndoStack', () => {
  it('applies a command when run, undoes the last one first, and redoes in the original order', () => {
    const log: string[] = []
    const stack = new UndoStack()
    stack.run(command('a', log))
    stack.run(command('b', log))
    expect(log).toEqual(['do a', 'do b'])
    expect(stack.undo()?.label).toBe('b')
    expect(stack.undo()?.label).toBe('a')
    expect(stack.undo()).toBeNull()
    expect(log).toEqual(['do a', 'do b', 'undo b', 'undo a'])
    expect(stack.redo()?.label).toBe('a')
    expect(stack.redo()?.label).toBe('b')
    expect(stack.redo()).toBeNull()
    expect(log).toEqual(['do a', 'do b', 'undo b', 'undo a', 'do a', 'do b'])
  })

  it('forgets what could be redone once a new change is made', () => {
    const log: string[] = []
    const stack = new UndoStack()
    stack.run(command('a', log))
    stack.run(command('b', log))
    stack.undo()
    expect(stack.canRedo).toBe(true)
    stack.run(command('c', log))
    expect(stack.canRedo).toBe(false)
    expect(stack.redo()).toBeNull()
    expect(stack.undo()?.label).toBe('c')
    expect(stack.undo()?.label).toBe('a')
    expect(stack.canUndo).toBe(false)
  })

  it('keeps the last 500 changes and tells its listener about each step', () => {
    const onChange = vi.fn()
    const stack = new UndoStack(onChange)
    const log: string[] = []
    for (let i = 0; i < 510; i++) stack.run(command(String(i), log))
    let undone = 0
    while (stack.undo()) undone++
    expect(undone).toBe(500)
    expect(log.at(-1)).toBe('undo 10')
    expect(onChange).toHaveBeenCalledTimes(1010)
  })

  it('clear() forgets both lists (another workspace was opened)', () => {
    const log: string[] = []
    const stack = new UndoStack()
    stack.run(command('a', log))
    stack.run(command('b', log))
    stack.undo()
    stack.clear()
    expect(stack.canUndo).toBe(false)
    expect(stack.canRedo).toBe(false)
    expect(log).toEqual(['do a', 'do b', 'undo b'])
  })

  it('with the save queue, main receives every step in order: do, undo, redo', async () => {
    const disk: string[] = []
    const saves = new SaveQueue(() => undefined)
    const stack = new UndoStack()
    // A command as the app builds them: the change is shown at once and queued for main.
    const tag = (id: string): Command => ({
      label: `tag ${id}`,
      apply: () =>
        saves.push(
          async () => void disk.push(`create ${id}`),
          () => undefined,
        ),
      revert: () =>
        saves.push(
          async () => void disk.push(`delete ${id}`),
          () => undefined,
        ),
    })
    stack.run(tag('q1'))
    stack.run(tag('q2'))
    stack.undo()
    stack.undo()
    stack.redo()
    for (let i = 0; i < 50 && saves.pending > 0; i++) await Promise.resolve()
    expect(saves.pending).toBe(0)
    expect(disk).toEqual(['create q1', 'create q2', 'delete q2', 'delete q1', 'create q1'])
    expect(saves.status).toEqual({ state: 'saved' })
  })
})
