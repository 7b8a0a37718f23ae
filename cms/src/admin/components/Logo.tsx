/** The sign-in page's logo (`admin.components.graphics.Logo`): the mark and the studio's name. */
import { Icon } from './Icon'

export function Logo() {
  return (
    <div className="mspn-logo">
      <Icon />
      <span className="mspn-logo__name">
        MSPN <strong>DEV</strong>
      </span>
      <span className="mspn-logo__tagline">Studio admin</span>
    </div>
  )
}
