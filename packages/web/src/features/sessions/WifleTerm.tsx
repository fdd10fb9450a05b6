import { WIFLE_EXPANSION } from '@carriage/core';

/** "WIFLE (What I Feel Like Expressing)": the abbreviation with its expansion, visible and as its title, where it first appears on a screen. */
export function WifleTerm({ expanded = true }: { expanded?: boolean }) {
  return (
    <>
      <abbr title={WIFLE_EXPANSION}>WIFLE</abbr>
      {expanded ? ` (${WIFLE_EXPANSION})` : null}
    </>
  );
}
