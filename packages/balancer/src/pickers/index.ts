/** The built-in pickers and a factory by name. */
import { leastConnectionsPicker } from './least-connections-picker.js';
import { p2cPicker } from './p2c-picker.js';
import { peakEwmaPicker } from './peak-ewma-picker.js';
import type { Picker, PickerOptions } from './picker.js';
import { randomPicker } from './random-picker.js';
import { roundRobinPicker } from './round-robin-picker.js';
import { weightedRoundRobinPicker } from './weighted-round-robin-picker.js';

export type { Picker, PickerOptions } from './picker.js';
export {
  leastConnectionsPicker,
  p2cPicker,
  peakEwmaPicker,
  randomPicker,
  roundRobinPicker,
  weightedRoundRobinPicker,
};

/** Names of the built-in pickers. */
export type PickerName =
  'round-robin' | 'weighted-round-robin' | 'random' | 'least-connections' | 'p2c' | 'peak-ewma';

const FACTORIES: Record<PickerName, (o: PickerOptions) => Picker> = {
  'round-robin': () => roundRobinPicker(),
  'weighted-round-robin': () => weightedRoundRobinPicker(),
  random: randomPicker,
  'least-connections': leastConnectionsPicker,
  p2c: p2cPicker,
  'peak-ewma': peakEwmaPicker,
};

/** Every built-in picker name (used by the contract suite). */
export const PICKER_NAMES = Object.keys(FACTORIES) as PickerName[];

/** Builds a built-in picker by name. */
export function createPicker(name: PickerName, options: PickerOptions = {}): Picker {
  return FACTORIES[name](options);
}
