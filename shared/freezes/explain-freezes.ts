import { formatInTimeZone } from 'date-fns-tz';
import type { Freeze } from '../config/freeze';
import { breakGlassNames, untilLabel } from './active-freezes';
import { frozenUntil } from './freeze-windows';

const windowLine = (freeze: Freeze): string => {
  const { window, timeZone } = freeze;
  if (window.kind === 'once') {
    const at = (date: Date) => formatInTimeZone(date, timeZone, 'yyyy-MM-dd HH:mm');
    return `${at(window.start)} → ${at(window.end)} (${timeZone})`;
  }
  const overnight =
    window.to !== '24:00' && window.to <= window.from ? ' (overnight, into the next day)' : '';
  return `every ${window.days.join(', ')} ${window.from}–${window.to}${overnight} (${timeZone})`;
};

/**
 * What `pipegate config check` says about each change freeze: where and when it holds approvals, whether it
 * holds them right now (at `now`, the CLI's clock) and who may break it.
 * @example
 * explainFreezes(config.freezes, new Date()); // ['freezes "weekend": pipelines prod-*', '  window: every sat, sun …', …]
 */
export const explainFreezes = (freezes: readonly Freeze[], now: Date): string[] =>
  freezes.flatMap((freeze) => {
    const until = frozenUntil(freeze, now);
    const breakers = breakGlassNames(freeze.breakGlass);
    return [
      `freezes "${freeze.name}": pipelines ${freeze.match.pipelines.join(', ')}${freeze.match.stages ? `, stages ${freeze.match.stages.join(', ')}` : ''}`,
      `  window: ${windowLine(freeze)}`,
      `  now: ${until ? `in force until ${untilLabel({ freeze, until })}` : 'not in force'}`,
      `  break-glass: ${breakers.length > 0 ? `${breakers.join(', ')} (if also approvers, with a reason)` : 'nobody: approving waits until the freeze ends'}`,
    ];
  });
