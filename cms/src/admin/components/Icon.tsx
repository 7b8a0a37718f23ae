/** The MSPN DEV mark: the admin's nav icon (`admin.components.graphics.Icon`) and the favicon's drawing. */
export function Icon() {
  return (
    <svg className="mspn-icon" width="25" height="25" viewBox="0 0 32 32" role="img" aria-label="MSPN DEV">
      <defs>
        <linearGradient id="mspn-mark" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6d5efc" />
          <stop offset="1" stopColor="#12b5a6" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#mspn-mark)" />
      <path
        d="M8 22V10l5 7 5-7v12"
        fill="none"
        stroke="#fff"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M21.5 12.5 25 16l-3.5 3.5" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  )
}
