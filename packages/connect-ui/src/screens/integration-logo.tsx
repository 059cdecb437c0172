import { useState } from 'react';

/** The provider's logo, or its initial when the image cannot be loaded; decorative, the name is beside it. */
export function IntegrationLogo({ src, name }: { src: string; name: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <span className="logo logo-fallback" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
    );
  }
  return <img className="logo" src={src} alt="" onError={() => setFailed(true)} />;
}
