/** Stored filenames: a safe slug of the client's name plus the extension of the detected type. */
import { describe, expect, it } from 'vitest'

import { MAX_FILENAME_BASE, safeFilename } from '../../../src/uploads/safeFilename'

describe('safeFilename', () => {
  it.each([
    ['holiday photo.JPG', 'png', 'holiday-photo.png'],
    ['../../etc/passwd.png', 'png', 'passwd.png'],
    ['..\\..\\windows\\system32\\evil.png', 'jpg', 'evil.jpg'],
    ['/absolute/path/to/file.gif', 'gif', 'file.gif'],
    ['nul\u0000byte.png', 'png', 'nul-byte.png'],
    ['tab\tnew\nline\r.png', 'png', 'tab-new-line.png'],
    ['invoice\u202Egnp.exe', 'png', 'invoice-gnp.png'],
    ['zero\u200Bwidth\uFEFF.png', 'png', 'zero-width.png'],
    ['CON.png', 'png', 'con-image.png'],
    ['com1', 'webp', 'com1-image.webp'],
    ['.htaccess', 'png', 'htaccess.png'],
    ['..', 'png', 'image.png'],
    ['....png', 'png', 'image.png'],
    ['', 'png', 'image.png'],
    ['写真.png', 'avif', 'image.avif'],
    ['Résumé Photo (1).jpeg', 'jpg', 'resume-photo-1.jpg'],
    ['archive.tar.gz', 'png', 'archive-tar.png'],
    ['shell.php.png', 'png', 'shell-php.png'],
    ['image.png.php', 'png', 'image-png.png'],
  ])('%j → %s', (name, ext, expected) => {
    expect(safeFilename(name, ext)).toBe(expected)
  })

  it('caps very long names', () => {
    const stored = safeFilename(`${'long-'.repeat(200)}.png`, 'png')
    expect(stored.length).toBeLessThanOrEqual(MAX_FILENAME_BASE + 4)
    expect(stored).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.png$/)
  })

  it('always yields one safe path segment with the given extension', () => {
    const hostile = [
      'a/../../b',
      '\\\\server\\share\\x',
      'C:\\x.png',
      '~/.ssh/id_rsa',
      '%2e%2e%2fx',
      'a\u0000/../b',
      '\u202E\u202D\u2066',
    ]
    for (const name of hostile) expect(safeFilename(name, 'webp')).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.webp$/)
  })
})
