/**
 * Progressive enhancement for ContactForm.astro. Without JavaScript the form posts and the
 * endpoint redirects back; with it, fields are checked inline (same rules as the server, from
 * ./rules.ts), the form is sent with fetch asking for JSON, and pending, error, rate
 * limit and success states are shown in place. No framework: this is a few kilobytes.
 */
import { checkContact, checkField, interpretContactReply, statusMessage, type ContactField } from './rules.ts'

const FIELDS: readonly ContactField[] = ['name', 'email', 'company', 'message', 'budget']
const TIMEOUT_MS = 15_000

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

/** Enhances every `[data-contact-form]` under `root` once. */
export function enhanceContactForms(root: ParentNode = document): void {
  for (const wrapper of root.querySelectorAll<HTMLElement>('[data-contact-form]')) {
    if (wrapper.dataset.enhanced === 'true') continue
    wrapper.dataset.enhanced = 'true'
    enhance(wrapper)
  }
}

function enhance(wrapper: HTMLElement): void {
  const form = wrapper.querySelector('form')
  const status = wrapper.querySelector<HTMLElement>('[data-form-status]')
  const button = form?.querySelector<HTMLButtonElement>('button[type="submit"]')
  if (!form || !status || !button) return
  const email = wrapper.dataset.contactEmail || null
  const success = wrapper.dataset.successMessage || 'Thank you! We will get back to you soon.'
  const idleLabel = button.textContent ?? 'Send'
  form.noValidate = true
  // A static page was rendered at build time: the fill-time check should count from now.
  const startedAt = form.querySelector<HTMLInputElement>('input[name="formStartedAt"]')
  if (startedAt) startedAt.value = String(Date.now())

  const control = (field: ContactField) => form.elements.namedItem(field) as Control | null
  const errorOf = (field: ContactField) => wrapper.querySelector<HTMLElement>(`[data-error-for="${field}"]`)

  function show(field: ContactField, message: string | null): void {
    const input = control(field)
    const slot = errorOf(field)
    if (!input || !slot) return
    input.setAttribute('aria-invalid', message === null ? 'false' : 'true')
    slot.textContent = message ?? ''
    slot.hidden = message === null
  }

  function setStatus(message: string, tone: 'info' | 'error' | 'success'): void {
    status!.textContent = message
    status!.dataset.tone = tone
    status!.hidden = message === ''
  }

  for (const field of FIELDS) {
    const input = control(field)
    if (!input) continue
    // Judge a field once the visitor leaves it; after that, clear the message as soon as it is fixed.
    input.addEventListener('blur', () => {
      if (input.value.trim() !== '' || input.getAttribute('aria-invalid') === 'true')
        show(field, checkField(field, input.value))
    })
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true') show(field, checkField(field, input.value))
    })
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    void submit()
  })

  async function submit(): Promise<void> {
    if (button!.disabled) return
    const data = formValues(form!)
    const values = {
      name: data.name ?? '',
      email: data.email ?? '',
      company: data.company ?? '',
      message: data.message ?? '',
      budget: data.budget ?? '',
    }
    const problems = checkContact(values)
    for (const field of FIELDS) show(field, problems.find((problem) => problem.field === field)?.message ?? null)
    if (problems.length > 0) {
      setStatus(
        problems.length === 1
          ? 'Please correct the highlighted field.'
          : `Please correct the ${problems.length} highlighted fields.`,
        'error',
      )
      control(problems[0]!.field)?.focus()
      return
    }

    button!.disabled = true
    button!.textContent = 'Sending…'
    form!.setAttribute('aria-busy', 'true')
    setStatus('Sending your message…', 'info')
    try {
      const response = await fetch(form!.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(data),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      const body: unknown = await response.json().catch(() => null)
      const reply = interpretContactReply(response.status, body, response.headers.get('retry-after'), email)
      if (reply.kind === 'sent') {
        form!.hidden = true
        setStatus(success, 'success')
        status!.focus()
        return
      }
      if (reply.kind === 'fields') {
        for (const item of reply.errors) show(item.field, item.message)
        control(reply.errors[0]!.field)?.focus()
      }
      setStatus(reply.message, 'error')
    } catch {
      setStatus(statusMessage('offline', { email }), 'error')
    } finally {
      button!.disabled = false
      button!.textContent = idleLabel
      form!.removeAttribute('aria-busy')
    }
  }
}

/** The form's named values, as the browser would post them (text-like controls and selects). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {}
  for (const element of Array.from(form.elements) as Control[]) {
    if (!element.name || element.disabled) continue
    if ((element.type === 'checkbox' || element.type === 'radio') && !(element as HTMLInputElement).checked) continue
    if (typeof element.value === 'string') values[element.name] = element.value
  }
  return values
}
