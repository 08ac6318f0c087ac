/** A session's data flags before anything is recorded: what it holds (`has…`) and what was cut short (`…Limited`). */
export const noSessionData = {
  hasGaze: false,
  hasFixation: false,
  hasEvent: false,
  hasDynamic: false,
  hasSensor: false,
  hasBoundary: false,
  positionLimited: false,
  gazeLimited: false,
  fixationsLimited: false,
  eventsLimited: false,
} as const;
