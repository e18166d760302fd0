// The trainer's events and a minimal typed emitter: reporters subscribe, the loop only emits.

import type { EpochRecord } from '../nn/model-file.js';
import type { StepKind, TrainConfig } from './config.js';

export type { EpochRecord };

export type RunStatus = 'completed' | 'interrupted' | 'diverged';

export interface StartEvent {
  config: TrainConfig;
  seed: number;
  /** The step that trains (the fused one only where it trains this network). */
  step: StepKind;
}

export interface IterEvent {
  iter: number;
  loss: number;
  elapsedMs: number;
}

export interface TrainEvents<Result> {
  start: StartEvent;
  iter: IterEvent;
  epoch: EpochRecord;
  done: Result;
}

type Listener<T> = (event: T) => void;

export class Emitter<Events extends object> {
  private readonly listeners: { [K in keyof Events]?: Listener<Events[K]>[] } = {};

  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): this {
    (this.listeners[type] ??= []).push(listener);
    return this;
  }

  protected emit<K extends keyof Events>(type: K, event: Events[K]): void {
    for (const listener of this.listeners[type] ?? []) listener(event);
  }
}
