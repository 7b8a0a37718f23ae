/**
 * The contact form's progressive enhancement against a DOM (happy-dom), with fetch replaced:
 * inline validation, the JSON request it sends, and the states it shows.
 */
import * as happy from 'happy-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { enhanceContactForms, formValues } from '../../src/contact/formEnhancer.ts'

const FORM = `
<div data-contact-form data-success-message="Thanks, Ada!" data-contact-email="hello@mspn.dev">
  <p data-form-status role="status" tabindex="-1" hidden></p>
  <form method="post" action="/api/contact">
    <input name="name" aria-describedby="e-name"><p id="e-name" data-error-for="name" hidden></p>
    <input name="email" type="email"><p data-error-for="email" hidden></p>
    <input name="company"><p data-error-for="company" hidden></p>
    <select name="budget"><option value="">Choose</option><option value="unsure">Unsure</option></select><p data-error-for="budget" hidden></p>
    <textarea name="message"></textarea><p data-error-for="message" hidden></p>
    <input name="website" tabindex="-1" autocomplete="off" value="">
    <input type="hidden" name="formStartedAt" value="1750000000000">
    <input type="hidden" name="sourcePage" value="/contact">
    <input type="checkbox" name="unticked" value="yes">
    <button type="submit">Send message</button>
  </form>
</div>`

function setUp() {
  const window = new happy.Window({ url: 'https://site.test/contact' })
  window.document.body.innerHTML = FORM
  const document = window.document as unknown as Document
  enhanceContactForms(document)
  const form = document.querySelector('form')!
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement
  const error = (name: string) => document.querySelector<HTMLElement>(`[data-error-for="${name}"]`)!
  const status = document.querySelector<HTMLElement>('[data-form-status]')!
  const button = form.querySelector('button')!
  const submit = async () => {
    form.dispatchEvent(new window.Event('submit', { cancelable: true }) as unknown as Event)
    await vi.waitFor(() => expect(button.disabled).toBe(false))
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  const fill = (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) field(name).value = value
  }
  return { window, document, form, field, error, status, button, submit, fill }
}

const good = { name: 'Ada', email: 'ada@example.com', message: 'A long enough message about our project.' }

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('contact form enhancer', () => {
  it('takes over validation and reads the values the browser would post', () => {
    const before = Date.now()
    const { form, fill } = setUp()
    expect(form.noValidate).toBe(true)
    fill({ ...good, budget: 'unsure' })
    expect(formValues(form)).toEqual({
      ...good,
      company: '',
      budget: 'unsure',
      website: '',
      formStartedAt: expect.stringMatching(/^\d{13}$/),
      sourcePage: '/contact',
    })
    // Restarted when the page came alive (a static page's was written at build time).
    expect(Number(formValues(form).formStartedAt)).toBeGreaterThanOrEqual(before)
  })

  it('shows every problem inline and sends nothing', async () => {
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    const { field, error, status, submit, fill, document } = setUp()
    fill({ name: '', email: 'nope', message: 'short' })
    await submit()
    expect(fetch).not.toHaveBeenCalled()
    expect(field('name').getAttribute('aria-invalid')).toBe('true')
    expect(error('name').hidden).toBe(false)
    expect(error('email').textContent).toMatch(/does not look right/)
    expect(error('message').textContent).toMatch(/at least 10/)
    expect(error('company').hidden).toBe(true)
    expect(status.textContent).toBe('Please correct the 3 highlighted fields.')
    expect(document.activeElement).toBe(field('name'))
  })

  it('checks a field when the visitor leaves it and clears the message once fixed', () => {
    const { field, error, window } = setUp()
    field('email').value = 'ada@'
    field('email').dispatchEvent(new window.Event('blur') as unknown as Event)
    expect(error('email').hidden).toBe(false)
    field('email').value = 'ada@example.com'
    field('email').dispatchEvent(new window.Event('input') as unknown as Event)
    expect(error('email').hidden).toBe(true)
    expect(field('email').getAttribute('aria-invalid')).toBe('false')
  })

  it('posts JSON to the form action and shows the success message', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } }),
    )
    vi.stubGlobal('fetch', fetch)
    const { form, status, submit, fill } = setUp()
    fill(good)
    await submit()
    expect(fetch).toHaveBeenCalledTimes(1)
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('https://site.test/api/contact')
    expect(init.method).toBe('POST')
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' })
    expect(JSON.parse(init.body as string)).toMatchObject({
      ...good,
      website: '',
      formStartedAt: expect.stringMatching(/^\d{13}$/),
      sourcePage: '/contact',
    })
    expect(form.hidden).toBe(true)
    expect(status.textContent).toBe('Thanks, Ada!')
    expect(status.dataset.tone).toBe('success')
  })

  it('explains a rate limit in minutes, with the contact address', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ ok: false, errors: [{ code: 'RATE_LIMITED', message: 'x' }] }), {
          status: 429,
          headers: { 'retry-after': '1200' },
        }),
    )
    const { form, status, submit, fill, button } = setUp()
    fill(good)
    await submit()
    expect(status.textContent).toBe(
      'You have sent several messages recently — please try again in 20 minutes or email us at hello@mspn.dev.',
    )
    expect(status.dataset.tone).toBe('error')
    expect(form.hidden).toBe(false)
    expect(button.textContent).toBe('Send message')
  })

  it('shows field errors from the server', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(
          JSON.stringify({
            ok: false,
            errors: [{ field: 'email', code: 'VALIDATION_ERROR', message: 'Not deliverable.' }],
          }),
          { status: 400 },
        ),
    )
    const { error, submit, fill } = setUp()
    fill(good)
    await submit()
    expect(error('email').textContent).toBe('Not deliverable.')
  })

  it('says so when the network fails', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')))
    const { status, submit, fill } = setUp()
    fill(good)
    await submit()
    expect(status.textContent).toMatch(/could not reach the server/)
  })

  it('enhances each form once', () => {
    const { document, form } = setUp()
    enhanceContactForms(document)
    expect(document.querySelector<HTMLElement>('[data-contact-form]')!.dataset.enhanced).toBe('true')
    expect(form.noValidate).toBe(true)
  })
})
