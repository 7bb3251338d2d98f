/** nn: Module, Parameter, containers, layers, initialisers and losses. */
export { Module, type LoadOptions, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { Sequential, ModuleList, ModuleDict, type TensorToTensor } from './containers.js';
export * as init from './init.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export * from './layers/activation.js';
export * from './layers/basic.js';
