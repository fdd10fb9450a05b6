import type { ComponentType } from 'react';

/** Extra Settings sections contributed by features (e.g. the calendar feed), shown between password and tokens. */
export const settingsSections: ComponentType[] = [];
