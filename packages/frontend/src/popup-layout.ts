// The popup's size and position: centred on the screen, never larger than it (as @nangohq/frontend).

export interface PopupLayout {
  width: number;
  height: number;
  top: number;
  left: number;
}

export function computeLayout({ expectedWidth, expectedHeight }: { expectedWidth: number; expectedHeight: number }): PopupLayout {
  const { width: screenWidth, height: screenHeight } = window.screen;
  return {
    left: Math.max(screenWidth / 2 - expectedWidth / 2, 0),
    top: Math.max(screenHeight / 2 - expectedHeight / 2, 0),
    width: Math.min(expectedWidth, screenWidth),
    height: Math.min(expectedHeight, screenHeight),
  };
}

export function windowFeaturesToString(layout: PopupLayout): string {
  const features: Record<string, string | number> = { ...layout, scrollbars: 'yes', resizable: 'yes', status: 'no', toolbar: 'no', location: 'no', copyhistory: 'no', menubar: 'no', directories: 'no' };
  return Object.entries(features)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
