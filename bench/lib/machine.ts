/** The machine a run was measured on (CPU model, cores, arch, Node, memory, OS), for the JSON and the report. */
import { arch, cpus, release, totalmem, type } from 'node:os';
import type { Machine } from './types.js';

export function describeMachine(): Machine {
  const c = cpus();
  return { cpuModel: c[0]?.model ?? 'unknown', cores: c.length, arch: arch(), node: process.version, totalMemoryBytes: totalmem(), os: `${type()} ${release()}` };
}
